import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { identityMismatch, readManifestForRead, repairLayout, writerActive } from './layout';
import type { LoreStore, OpenResult, StoreOptions } from './loreStore';
import { ManifestCorruptError, readManifest, writeManifest, type Manifest } from './manifest';
import { REMOVED_CACHE_FILE } from './removedCache';
import { StoreCore } from './storeCore';
import { SHARDS_DIR, type ShardDamage } from './storeState';
import { STORE_SCHEMA } from './types';
import { acquireWriteLock } from './writeLock';

type Identity = { model: string; dims: number } | null;
type Make = (core: StoreCore) => LoreStore;

/** Shard count of a new index: see DEFAULT_SHARDS in loreStore.ts (kept here to avoid an import cycle). */
export const NEW_INDEX_SHARDS = 32;

function incompatibility(m: Manifest, identity: Identity): string | undefined {
  if (m.schema !== STORE_SCHEMA) return `index format ${m.schema} is not the current ${STORE_SCHEMA}`;
  if (!identity || m.model === null) return undefined;
  if (m.model !== identity.model) return `embedding model changed from ${m.model} to ${identity.model}`;
  if (m.dims !== identity.dims) return `embedding dimensions changed from ${m.dims} to ${identity.dims}`;
  return undefined;
}

/**
 * A write open: creates the index, rebuilds it in place when its identity or format differs (callers
 * that must keep the old one build beside it instead: see folderStore.ts), moves a wrong layout
 * aside, and reconciles damage under the write lock.
 */
export async function openForWrite(dir: string, identity: Identity, options: StoreOptions, make: Make): Promise<OpenResult> {
  const notes = await repairLayout(dir);
  await fs.mkdir(join(dir, SHARDS_DIR), { recursive: true });
  const lock = { staleMs: options.lockStaleMs, timeoutMs: options.lockTimeoutMs };
  const read = (): Promise<Manifest | Error | undefined> =>
    readManifest(dir).catch((err: unknown) => {
      if (err instanceof ManifestCorruptError) return err;
      throw err;
    });
  let m = await read();
  let reason = m instanceof Error ? m.message : m && incompatibility(m, identity);
  let rebuilt = false;
  if (!m || reason) {
    const release = await acquireWriteLock(dir, lock);
    try {
      const again = await read(); // another process may have created or rebuilt it meanwhile
      if (again && !(again instanceof Error) && !incompatibility(again, identity)) {
        m = again;
        reason = undefined;
      } else {
        rebuilt = reason !== undefined;
        await fs.rm(join(dir, SHARDS_DIR), { recursive: true, force: true });
        await fs.rm(join(dir, REMOVED_CACHE_FILE), { force: true });
        await fs.mkdir(join(dir, SHARDS_DIR), { recursive: true });
        const shards = options.shards ?? NEW_INDEX_SHARDS;
        m = { schema: STORE_SCHEMA, model: identity?.model ?? null, dims: identity?.dims ?? 0, shards, files: new Map() };
        await writeManifest(dir, m, options.faults);
      }
    } finally {
      await release();
    }
  }
  const core = new StoreCore(dir, m as Manifest, options.faults, options.removedCacheBytes ?? 32 * 1024 * 1024);
  const store = make(core);
  let damage = await core.loadAll();
  if (damage.length) {
    // A writer may be between its shard renames and its manifest: judge again once it is done.
    // Without the lock (read-only folder, busy writer) the first verdict stands.
    const release = await acquireWriteLock(dir, { ...lock, timeoutMs: 5_000 }).catch(() => undefined);
    if (release) {
      try {
        damage = await core.loadAll();
      } finally {
        await release();
      }
    }
  }
  if (identity && core.manifest.model === null) core.manifest = { ...core.manifest, model: identity.model, dims: identity.dims };
  if (identity) core.preloadVectors(); // this session can search by vector: see StoreCore.preloadVectors
  if (identity) await core.removed.load(dir, identity.model, identity.dims);
  if (notes.length) reason = [...notes, ...(reason ? [reason] : [])].join('; ');
  return { store, rebuilt: rebuilt || notes.length > 0, reason: rebuilt || notes.length ? reason : undefined, damagedFiles: damage.flatMap((d) => d.files), damage };
}

/**
 * Open without writing anything, ever: no directory created, nothing rebuilt, no lock taken, no
 * cache saved. An index of another identity is served as it is (`mismatch` says why its vectors
 * do not fit); a missing one is empty; a misplaced entry or unreadable manifest throws
 * IndexLayoutError. Damaged shards are reported and left for the next write open to repair.
 */
export async function openForRead(dir: string, identity: Identity, options: StoreOptions, make: Make): Promise<OpenResult> {
  const m = await readManifestForRead(dir);
  const mismatch = m && identityMismatch(m, identity);
  const readable = m && m.schema === STORE_SCHEMA ? m : undefined;
  const empty: Manifest = { schema: STORE_SCHEMA, model: null, dims: 0, shards: m?.shards ?? NEW_INDEX_SHARDS, files: new Map() };
  const core = new StoreCore(dir, readable ?? empty, undefined, options.removedCacheBytes ?? 32 * 1024 * 1024, true);
  const store = make(core);
  let damage: ShardDamage[] = [];
  if (readable) {
    damage = await core.loadAll();
    // A writer may be between its shard renames and its manifest: wait for it (without taking
    // its lock, which would be a write) and judge again.
    for (let waited = 0; damage.length && waited < 5_000 && (await writerActive(dir)); waited += 50) {
      await new Promise((res) => setTimeout(res, 50));
      if (!(await writerActive(dir))) damage = await core.loadAll();
    }
    if (identity && !mismatch) core.preloadVectors(); // see StoreCore.preloadVectors
  } else {
    await core.loadEmpty();
  }
  return { store, rebuilt: false, damagedFiles: damage.flatMap((d) => d.files), damage, mismatch };
}
