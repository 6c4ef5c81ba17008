import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, ManifestCorruptError, readManifest, type Manifest } from './manifest';
import { SHARDS_DIR } from './storeState';
import { LOCK_FILE } from './writeLock';
import { STORE_SCHEMA } from './types';

/** The store directory is not laid out as an index (a file where a directory belongs, or the reverse). */
export class IndexLayoutError extends Error {
  constructor(readonly dir: string, readonly detail: string) {
    super(`the index in ${dir} is damaged (${detail}); index the folder again to rebuild it`);
    this.name = 'IndexLayoutError';
  }
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function kindOf(path: string): Promise<'file' | 'dir' | 'missing'> {
  try {
    return (await fs.stat(path)).isDirectory() ? 'dir' : 'file';
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return 'missing';
    throw err;
  }
}

/** Problems with where things are: each entry is [path, what is wrong]. Reads only. */
export async function layoutProblems(dir: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  const top = await kindOf(dir);
  if (top === 'file') return [[dir, 'the index directory is a file']];
  if (top === 'missing') return out;
  if ((await kindOf(join(dir, MANIFEST_FILE))) === 'dir') out.push([join(dir, MANIFEST_FILE), `${MANIFEST_FILE} is a directory`]);
  if ((await kindOf(join(dir, SHARDS_DIR))) === 'file') out.push([join(dir, SHARDS_DIR), `${SHARDS_DIR} is a file`]);
  if ((await kindOf(join(dir, LOCK_FILE))) === 'dir') out.push([join(dir, LOCK_FILE), `${LOCK_FILE} is a directory`]);
  return out;
}

/** Rename `path` out of the way (kept for inspection, never deleted); returns the new name. */
export async function moveAside(path: string): Promise<string> {
  const aside = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fs.rename(path, aside);
  return aside;
}

/**
 * A write open: move every misplaced entry aside so the index can be rebuilt. Returns one line per
 * entry moved, for the user.
 */
export async function repairLayout(dir: string): Promise<string[]> {
  const notes: string[] = [];
  for (const [path, detail] of await layoutProblems(dir)) notes.push(`${detail}: moved it aside to ${await moveAside(path)} and rebuilt the index`);
  return notes;
}

/**
 * A read open: the manifest, or undefined when there is no index yet. A misplaced entry or an
 * unreadable manifest is an IndexLayoutError: reported, nothing on disk touched.
 */
export async function readManifestForRead(dir: string): Promise<Manifest | undefined> {
  const problems = await layoutProblems(dir);
  if (problems.length) throw new IndexLayoutError(dir, problems.map(([, d]) => d).join(', '));
  try {
    return await readManifest(dir);
  } catch (err) {
    if (err instanceof ManifestCorruptError) throw new IndexLayoutError(dir, err.message);
    if (code(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** A read open of a store with another identity: why its vectors cannot serve this session. */
export function identityMismatch(m: Manifest, identity: { model: string; dims: number } | null): string | undefined {
  if (m.schema !== STORE_SCHEMA) return `index format ${m.schema} is not the current ${STORE_SCHEMA}; index the folder again`;
  if (!identity || m.model === null) return undefined;
  if (m.model !== identity.model) return `the index was built with ${m.model}, not ${identity.model} (re-index to use ${identity.model})`;
  if (m.dims !== identity.dims) return `the index holds ${m.dims}-dim vectors, ${identity.model} now returns ${identity.dims} (re-index to rebuild)`;
  return undefined;
}

/** True while another process holds the write lock (it may be between its shard renames and its manifest). */
export async function writerActive(dir: string): Promise<boolean> {
  return (await kindOf(join(dir, LOCK_FILE))) === 'file';
}
