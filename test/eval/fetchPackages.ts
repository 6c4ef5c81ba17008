import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, type EvalProject } from './config';

const run = promisify(execFile);

/**
 * The extracted package tree of `project` (`<cache>/src/name@version/package`), fetched with
 * `npm pack name@version` and unpacked with tar on first use. Extraction goes to a temporary
 * folder renamed into place, so an interrupted run never leaves a half tree behind.
 */
export async function packageTree(project: EvalProject): Promise<string> {
  const spec = `${project.name}@${project.version}`;
  const root = join(cacheDir(), 'src', spec);
  const tree = join(root, 'package');
  if (existsSync(tree)) return tree;
  const tarballs = join(cacheDir(), 'tarballs');
  await mkdir(tarballs, { recursive: true });
  const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', tarballs], { maxBuffer: 16 << 20 });
  const [info] = JSON.parse(stdout) as { filename: string }[];
  const tmp = `${root}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await run('tar', ['xzf', join(tarballs, info.filename), '-C', tmp]);
  await mkdir(root, { recursive: true });
  await rename(join(tmp, 'package'), tree);
  await rm(tmp, { recursive: true, force: true });
  return tree;
}
