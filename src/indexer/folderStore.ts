import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { acquireWriteLock, describeDamage, IndexLayoutError, LoreStore, STORE_SCHEMA, type ShardDamage } from './store';
import { readManifest } from './store/manifest';
import { removeDeadTemps } from '../util/atomicFile';
import { moveAside } from './store/layout';
import { checkOwner, recordOwner } from './indexOwner';

/**
 * Where a folder index keeps its parts, and the open that decides which of them a session uses: a
 * read never writes (see LoreStore's read-only open); a write open with a new embedding identity
 * builds the new index beside the old one (`*.rebuild`) and swaps it in when complete
 * (swapInRebuilt), so the old one answers searches - from this and every other process - until then.
 */
const VECTORS = 'vectors';
const KEYWORD = 'keyword';
const REBUILD = '.rebuild';
const OLD = /^(vectors|keyword)\.old-\d+-\d+$/;

export interface FolderStoreOpen {
  store: LoreStore;
  /** Where this session's keyword index lives (beside the store it belongs to). */
  keywordDir: string;
  /** The store was created or rebuilt: its keyword index must be rebuilt too. */
  rebuilt: boolean;
  damagedFiles: string[];
  damage: ShardDamage[];
  /** One line each, for the user (CLI stderr, extension log): damage, repairs, a rebuild started. */
  notices: string[];
  /** Read-only open of an index whose vectors do not fit this session's model: why. */
  mismatch?: string;
  /** A write open is building a new index beside the old one (in `store`): why. */
  replacing?: string;
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function isFile(path: string): Promise<boolean> {
  return fs.stat(path).then((s) => !s.isDirectory(), () => false);
}

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(() => true, () => false);
}

/** The model/dims of the index in `vectorsDir` differ from `identity` (same format): why, else undefined. */
async function identityChange(vectorsDir: string, identity: { model: string; dims: number } | null): Promise<string | undefined> {
  if (!identity) return undefined;
  const m = await readManifest(vectorsDir).catch(() => undefined);
  if (!m || m.schema !== STORE_SCHEMA || m.model === null || m.files.size === 0) return undefined;
  if (m.model !== identity.model) return `embedding model changed from ${m.model} to ${identity.model}`;
  if (m.dims !== identity.dims) return `embedding dimensions changed from ${m.dims} to ${identity.dims}`;
  return undefined;
}

/** A swap killed between its renames left no `vectors` (or `keyword`): put the old one back. */
async function recoverInterruptedSwap(indexDir: string): Promise<void> {
  const names = await fs.readdir(indexDir).catch(() => [] as string[]);
  for (const part of [VECTORS, KEYWORD]) {
    const old = names.filter((n) => n.startsWith(`${part}.old-`)).sort().pop();
    if (old && !names.includes(part)) await fs.rename(join(indexDir, old), join(indexDir, part));
  }
  for (const n of await fs.readdir(indexDir).catch(() => [] as string[])) {
    if (OLD.test(n)) await fs.rm(join(indexDir, n), { recursive: true, force: true });
  }
}

export async function openFolderStore(
  opts: { folder: string; indexDir: string; readOnly?: boolean },
  identity: { model: string; dims: number } | null,
): Promise<FolderStoreOpen> {
  const { indexDir } = opts;
  const notices: string[] = [];
  if (await isFile(indexDir)) {
    if (opts.readOnly) throw new IndexLayoutError(indexDir, 'the index directory is a file');
    notices.push(`the index directory was a file: moved it aside to ${await moveAside(indexDir)} and rebuilt the index`);
  }
  await checkOwner(indexDir, opts.folder);
  const vectorsDir = join(indexDir, VECTORS);
  if (opts.readOnly) {
    const o = await LoreStore.open(vectorsDir, identity, { readOnly: true });
    if (o.damage.length) notices.push(`${describeDamage(o.damage)}; the next index pass re-indexes them`);
    return { store: o.store, keywordDir: join(indexDir, KEYWORD), rebuilt: false, damagedFiles: o.damagedFiles, damage: o.damage, notices, mismatch: o.mismatch };
  }
  await fs.mkdir(indexDir, { recursive: true });
  await removeDeadTemps(indexDir, () => false); // of folder.json, written by a process killed meanwhile
  await recoverInterruptedSwap(indexDir);
  const replacing = await identityChange(vectorsDir, identity);
  const storeDir = replacing ? vectorsDir + REBUILD : vectorsDir;
  const keywordDir = join(indexDir, replacing ? KEYWORD + REBUILD : KEYWORD);
  if (!replacing) {
    // A rebuild for a model no longer wanted: its space is better given back.
    await fs.rm(vectorsDir + REBUILD, { recursive: true, force: true });
    await fs.rm(join(indexDir, KEYWORD + REBUILD), { recursive: true, force: true });
  }
  const o = await LoreStore.open(storeDir, identity);
  await recordOwner(indexDir, opts.folder);
  if (replacing) notices.push(`${replacing}: building the new index beside the old one, which answers searches until it is complete`);
  if (o.rebuilt && o.reason && !replacing) notices.push(`index rebuilt from scratch: ${o.reason}`);
  if (o.damage.length) notices.push(`${describeDamage(o.damage)}; re-indexing them`);
  return { store: o.store, keywordDir, rebuilt: o.rebuilt, damagedFiles: o.damagedFiles, damage: o.damage, notices, replacing };
}

/**
 * Make the index built beside the old one (openFolderStore with `replacing`) the index: under the
 * old store's write lock (no writer of it is mid-transaction), rename the old parts aside, the new
 * ones into place, then delete the old. The caller has closed the rebuilt store and saved its
 * keyword index. Readers that hold the old version open keep their file handles.
 */
export async function swapInRebuilt(indexDir: string): Promise<void> {
  const tag = `.old-${process.pid}-${Date.now()}`;
  const vectorsDir = join(indexDir, VECTORS);
  const release = await acquireWriteLock(vectorsDir, { timeoutMs: 30_000 }).catch(() => undefined);
  try {
    for (const part of [VECTORS, KEYWORD]) {
      const live = join(indexDir, part);
      const next = live + REBUILD;
      if (!(await exists(next))) continue;
      await fs.rename(live, live + tag).catch((err: unknown) => {
        if (code(err) !== 'ENOENT') throw err;
      });
      await fs.rename(next, live);
    }
  } finally {
    await release?.();
  }
  for (const part of [VECTORS, KEYWORD]) await fs.rm(join(indexDir, part + tag), { recursive: true, force: true });
}
