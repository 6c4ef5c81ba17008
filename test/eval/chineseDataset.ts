import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { discover } from '../../src/indexer/discovery';
import { languageForPath } from '../../src/indexer/chunking';
import { MARKDOWN_SKIP, type EvalProject } from './config';
import { chineseSections } from './chineseSections';
import type { EvalQuery, ProjectData } from './dataset';
import { applyEdits, mapRange } from './lineEdits';

export type ChineseQuery = EvalQuery & { shape: 'heading' | 'sentence' };

/** Queries kept per package, so that cnchar's 70 KB README does not outweigh the rest. */
export const MAX_PER_PROJECT = 40;

const hash = (q: EvalQuery) => createHash('sha1').update(q.query).digest('hex');

/**
 * Copy `tree` to `folder` as discovery keeps it, with the query headings and first sentences of
 * its Chinese Markdown removed, and derive the queries with their gold ranges in the copy. Other
 * files are copied unchanged (doc comments stay: they are not queries here). A query text found
 * twice in a package is dropped; then at most MAX_PER_PROJECT, those whose text hashes lowest.
 */
export async function buildChineseProject(project: EvalProject, tree: string, folder: string): Promise<Omit<ProjectData, 'queries'> & { queries: ChineseQuery[] }> {
  const { files } = await discover(tree, { exclude: project.exclude });
  const queries: ChineseQuery[] = [];
  for (const f of files) {
    const text = (await readFile(f.absPath, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const markdown = languageForPath(f.path)?.id === 'markdown' && !MARKDOWN_SKIP.test(f.path);
    const found = markdown ? chineseSections(text) : { text, edits: [], items: [] };
    const edited = applyEdits(found.text, found.edits);
    const out = join(folder, f.path);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, edited.text);
    for (const item of found.items) {
      const gold = mapRange(edited.map, item.startLine, item.endLine);
      if (gold) queries.push({ project: `${project.name}@${project.version}`, kind: 'doc', shape: item.shape, query: item.query, path: f.path, ...gold });
    }
  }
  const count = new Map<string, number>();
  for (const q of queries) count.set(q.query, (count.get(q.query) ?? 0) + 1);
  const kept = queries
    .filter((q) => count.get(q.query) === 1)
    .sort((a, b) => (hash(a) < hash(b) ? -1 : 1))
    .slice(0, MAX_PER_PROJECT);
  return { folder, files: files.map((f) => f.path), queries: kept };
}
