import { join } from 'node:path';
import type { Chunk } from '../types';
import { removeDeadTemps, type StorageFaults } from '../../util/atomicFile';
import { MANIFEST_FILE } from './manifest';
import { normalizeQuery, scanShardsScored, type ScoreTarget } from './search';
import type { Shard } from './shard';
import { StoreCore } from './storeCore';
import { NEW_INDEX_SHARDS, openForRead, openForWrite } from './openStore';
import { SHARDS_DIR, shardOf, type ShardDamage } from './storeState';
import { validateChanges } from './transaction';
import { type ChunkFilter, type FileRecord, type StoreChanges, type StoreIdentity, type StoreStats } from './types';
import { acquireWriteLock } from './writeLock';

/**
 * 32 shards. Measured (bench/storeBench.ts, 768 dims, 10-chunk file, busy 2-core VM): apply() at
 * 50k chunks p50 111 / 66 / 41 ms with 16 / 32 / 64 shards, at 200k chunks 346 ms with 32. More
 * shards mean smaller rewrites but one wasm memory each (V8 reserves ~10 GB of address space per
 * memory, capped near 1 TB per process), so 32 keeps both the 1 s budget at 200k and headroom.
 */
export const DEFAULT_SHARDS = NEW_INDEX_SHARDS;

export interface StoreOptions {
  /** Shard count of a newly created index (an existing index keeps its own). */
  shards?: number;
  lockStaleMs?: number;
  lockTimeoutMs?: number;
  /** Bound of the cache of removed chunks' vectors. Default 32 MiB (~10k vectors at 768 dims). */
  removedCacheBytes?: number;
  /** Test hooks that make writes fail. */
  faults?: StorageFaults;
  /**
   * Open for reading only (search, ask, status, export, MCP): never creates, rebuilds, locks or
   * writes anything, whatever the identity or state of the index (see openForRead).
   */
  readOnly?: boolean;
}

export interface OpenResult {
  store: LoreStore;
  rebuilt: boolean;
  reason?: string;
  /** Files of dropped corrupt shards (or lost by an interrupted write): re-index them. */
  damagedFiles: string[];
  /** What was damaged, shard by shard (describeDamage turns it into one line). */
  damage: ShardDamage[];
  /** Read-only open of an index whose vectors do not fit `identity` (or whose format is not current): why. */
  mismatch?: string;
}

/**
 * Lore's on-disk index: vectra LocalIndex files sharded by file path, plus a manifest that commits
 * each transaction. Writes are serialised (in-process queue + cross-process lock, see writeLock.ts)
 * and atomic; reads (search, chunks) never take the lock, and first re-read whatever another
 * process committed (stat of manifest and shard files).
 */
export class LoreStore {
  private queue: Promise<unknown> = Promise.resolve();
  private refreshing: Promise<void> | undefined;
  private applying = false;
  private closed = false;
  private tempsSwept = false;

  private constructor(private readonly core: StoreCore, private readonly options: StoreOptions) {}

  get dir(): string {
    return this.core.dir;
  }

  static open(dir: string, identity: { model: string; dims: number } | null, options: StoreOptions = {}): Promise<OpenResult> {
    const make = (core: StoreCore): LoreStore => new LoreStore(core, options);
    return options.readOnly ? openForRead(dir, identity, options, make) : openForWrite(dir, identity, options, make);
  }

  identity(): StoreIdentity | null {
    const m = this.core.manifest;
    return m.model === null ? null : { schema: m.schema, model: m.model, dims: m.dims };
  }

  files(): ReadonlyMap<string, FileRecord> {
    return this.core.manifest.files;
  }

  /** The shard a file's chunks live in; writers group work by it so a batch rewrites few shards. */
  shardOf(path: string): number {
    return shardOf(path, this.core.manifest.shards);
  }

  getFile(path: string): FileRecord | undefined {
    return this.core.manifest.files.get(path);
  }

  /** Files dropped after open (a shard found corrupt when its vectors were first read); clears the list. */
  takeDamagedFiles(): string[] {
    return this.core.lateDamaged.splice(0);
  }

  /** Damage found after open (a shard found corrupt late, or replaced badly by another process); clears the list. */
  takeLateDamage(): ShardDamage[] {
    return this.core.lateDamage.splice(0);
  }

  /**
   * Wait until every shard has passed all its checksums. Opens and searches check only what they
   * read (headers, int8 rows); the rest is verified in the background (StoreCore.verifyAll), and
   * damage found shows in takeLateDamage() / takeDamagedFiles() like any found after open.
   */
  verify(): Promise<void> {
    this.ensureOpen();
    return this.core.verifyAll();
  }

  /** Exact vector stored for this embedding text, from a live chunk or a recently removed one. */
  cachedVector(embedTextHash: string): Float32Array | undefined {
    return this.closed ? undefined : this.core.cachedVector(embedTextHash);
  }

  /** Give a keyword-only index its embedding identity (written to the manifest now). */
  setIdentity(identity: { model: string; dims: number }): Promise<void> {
    return this.write(async () => {
      const current = this.identity();
      if (current && (current.model !== identity.model || current.dims !== identity.dims)) {
        throw new Error(`index holds ${current.model} vectors (${current.dims} dims); reopen it with the new model to rebuild`);
      }
      this.core.manifest = { ...this.core.manifest, model: identity.model, dims: identity.dims };
      return { upserts: [], removals: [] };
    });
  }

  /**
   * Apply upserts and removals as one transaction (see StoreCore.transaction). Serialised with other
   * writes of this process (queue) and of other processes (write lock). On error nothing changed.
   */
  apply(changes: StoreChanges, signal?: AbortSignal): Promise<void> {
    return this.write(() => {
      signal?.throwIfAborted();
      const m = this.core.manifest;
      validateChanges(changes, m.model === null ? 0 : m.dims);
      return changes;
    }, signal);
  }

  /** Best k chunks by cosine, each with its file's path. */
  async vectorSearch(query: Float32Array, k: number, filter?: ChunkFilter): Promise<{ id: string; score: number; path: string }[]> {
    return (await this.vectorSearchScored(query, k, filter, [])).hits;
  }

  /**
   * vectorSearch, plus the cosine of each of `scoreIds` that is live and has a vector (see
   * scanShardsScored). A function is called once, after the freshness check, just before the scan.
   */
  async vectorSearchScored(
    query: Float32Array,
    k: number,
    filter: ChunkFilter | undefined,
    scoreIds: readonly ScoreTarget[] | (() => readonly ScoreTarget[]),
  ): Promise<{ hits: { id: string; score: number; path: string }[]; scores: Map<string, number> }> {
    this.ensureOpen();
    const m = this.core.manifest;
    if (m.model === null) return { hits: [], scores: new Map() };
    if (query.length !== m.dims) throw new Error(`query has ${query.length} dims, index has ${m.dims}`);
    await this.refreshForRead();
    this.core.vectorsWanted = true;
    return this.core.reading(async (loaded) => {
      await this.core.loadAllVectors(loaded);
      const ids = typeof scoreIds === 'function' ? scoreIds() : scoreIds;
      const shards = this.core.manifest.shards;
      return scanShardsScored(loaded.map((l) => l.shard), normalizeQuery(query), k, filter, ids, (path) => shardOf(path, shards));
    });
  }

  /** Chunks with their text, in the order of `ids`; ids not (or no longer) in the index are dropped. */
  getChunks(ids: string[]): Promise<Chunk[]> {
    this.ensureOpen();
    return this.core.reading(async (loaded) => {
      const found: (Chunk | undefined)[] = new Array(ids.length);
      const perShard = new Map<Shard, { at: number[]; rows: number[] }>();
      ids.forEach((id, at) => {
        for (const { shard } of loaded) {
          const row = shard.idToRow.get(id);
          if (row === undefined || !shard.live[row]) continue;
          let p = perShard.get(shard);
          if (!p) perShard.set(shard, (p = { at: [], rows: [] }));
          p.at.push(at);
          p.rows.push(row);
          return;
        }
      });
      await Promise.all([...perShard].map(async ([shard, p]) => {
        const chunks = await shard.readChunks(p.rows);
        p.at.forEach((at, i) => (found[at] = chunks[i]));
      }));
      return found.filter((c): c is Chunk => c !== undefined);
    });
  }

  /** Every chunk of the index, shard by shard (for rebuilding a keyword index). */
  async *allChunks(): AsyncIterable<Chunk> {
    this.ensureOpen();
    const loaded = this.core.beginRead();
    try {
      for (const { shard } of loaded) yield* shard.liveChunks();
    } finally {
      this.core.endRead();
    }
  }

  stats(): StoreStats {
    const { manifest, loaded, manifestStamp } = this.core;
    let chunks = 0;
    for (const f of manifest.files.values()) chunks += f.chunkIds.length;
    let withVectors = 0;
    let shardsLoaded = 0;
    let bytesOnDisk = manifestStamp?.size ?? 0;
    for (const l of loaded) {
      withVectors += l.withVectors;
      if (l.shard.loadedVectors) shardsLoaded++;
      bytesOnDisk += l.stamp?.size ?? 0;
    }
    return { files: manifest.files.size, chunks, withVectors, shardsLoaded, bytesOnDisk };
  }

  /** Saves the cache of removed vectors and releases file handles; later calls fail. */
  close(): Promise<void> {
    return this.enqueue(async () => {
      if (this.closed) return;
      this.closed = true;
      if (this.options.readOnly) return this.core.close();
      // A run that commits nothing never sweeps under the lock, so temps of writers killed while
      // saving the removed-vectors cache (saved without the lock) would stay: remove dead processes'
      // temps here too. Only dead pids' files go, so this needs no lock.
      await removeDeadTemps(this.dir, () => false);
      await this.core.close();
    });
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined); // one failed call must not block the next
    return run;
  }

  /** Run a write: queue, then lock, then catch up with other processes, then commit. */
  private write(prepare: () => StoreChanges | Promise<StoreChanges>, signal?: AbortSignal): Promise<void> {
    return this.enqueue(async () => {
      this.ensureOpen();
      if (this.options.readOnly) throw new Error(`index ${this.dir} was opened read-only`);
      const changes = await prepare();
      this.applying = true;
      try {
        await this.refreshing?.catch(() => undefined); // its error belongs to the search that started it
        const release = await acquireWriteLock(this.dir, { staleMs: this.options.lockStaleMs, timeoutMs: this.options.lockTimeoutMs, signal });
        try {
          if (!this.tempsSwept) await this.sweepTemps();
          await this.core.refresh(true);
          if (this.core.identityLost) throw new Error(this.core.identityLost);
          await this.core.transaction(changes, signal);
        } finally {
          await release();
        }
      } finally {
        this.applying = false;
      }
    });
  }

  /**
   * Once per instance, under the write lock: remove temp files of writers killed mid-transaction.
   * Shard and manifest temps are only ever written under the lock, so all of them are garbage now;
   * the removed-vectors cache is saved without it, so only dead processes' temps of it go.
   */
  private async sweepTemps(): Promise<void> {
    this.tempsSwept = true;
    await removeDeadTemps(join(this.dir, SHARDS_DIR), () => true);
    await removeDeadTemps(this.dir, (name) => name.startsWith(`.${MANIFEST_FILE}.`));
  }

  /** While this process writes it holds the lock, so nobody else can have changed the files. */
  private async refreshForRead(): Promise<void> {
    if (this.applying) return;
    this.refreshing ??= this.core.refresh(false).finally(() => (this.refreshing = undefined));
    await this.refreshing;
  }
}
