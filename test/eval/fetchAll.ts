import type { EvalProject } from './config';
import { packageTree } from './fetchPackages';

/** Package trees of all projects, in order; fetched at most once each (then cached). */
export async function fetchAll(projects: readonly EvalProject[]): Promise<string[]> {
  const trees: string[] = [];
  for (const p of projects) trees.push(await packageTree(p));
  return trees;
}
