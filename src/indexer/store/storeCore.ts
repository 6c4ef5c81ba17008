import type { StorageFaults } from '../../util/atomicFile';
import { AtomicFileStorage } from './atomicStorage';
import { ManifestCorruptError, manifestPath, readManifest, writeManifest, type Manifest } from './manifest';
import { RemovedVectorCache } from './removedCache';
import { Shard, sameStamp, type FileStamp } from './shard';
import { LoreShardCodec } from './shardCodec';
import { ShardCorruptError } from './shardFormat';
import { writeShard, type RemovedVector } from './shardWriter';
import { damageOf, loadShard, reconcile, recordsByShard, shardPath, statStamp, type LoadedShard, type ShardDamage } from './storeState';
import { planChanges } from './transaction';
import { isNoSpace, manifestBytes, noSpaceError } from './noSpace';
import { markVerified } from './verifiedShards';
import { ShardVerifier } from './shardVerifier';
import { formatUpgrades } from './formatUpgrade';
import { loadShardVectors } from './vectorLoads';
import type { StoreChanges } from './types';

/** Closing a read-only handle of a replaced file cannot lose data; there is nobody to tell. */
function closeQuietly(shard: Shard): void {
  shard.close().catch(() => undefined);
}

/**
 * The mutable state behind a LoreStore: manifest, loaded shards, and the three ways it changes -
 * load everything (open), follow another process's commits (refresh), and commit a transaction.
 * Callers serialise loadAll/refresh/transaction; reads run alongside them on snapshots.
 */
export class StoreCore {
  loaded: LoadedShard[] = [];
  manifestStamp: FileStamp | undefined;
  /** Files dropped after open (corrupt shard found late, or lost to another process's crash). */
  readonly lateDamaged: string[] = [];
  /** What was found damaged since open (for reports; lateDamaged is what is left to re-index). */
  readonly lateDamage: ShardDamage[] = [];
  /** Set when another process rebuilt the index under us with another identity. */
  identityLost: string | undefined;
  /** True once a search needed vectors: rewritten shards then get theirs loaded right away. */
  vectorsWanted = false;
  readonly removed: RemovedVectorCache;
  private readonly storage: AtomicFileStorage;
  private readonly codec = new LoreShardCodec();
  private activeReads = 0;
  private retired: Shard[] = [];
  /** Vector loads running: background verification waits for them. */
  private loads = 0;
  private readonly verifier = new ShardVerifier({
    shards: () => this.loaded,
    drop: (l, err) => this.drop(l, err),
    busy: () => this.loads > 0,
  });

  constructor(
    readonly dir: string,
    public manifest: Manifest,
    private readonly faults: StorageFaults | undefined,
    removedCacheBytes: number,
    /** A reader that must never write: it also keeps serving its version when the index is replaced. */
    private readonly readOnly = false,
  ) {
    this.storage = new AtomicFileStorage(faults);
    this.removed = new RemovedVectorCache(removedCacheBytes);
  }

  /** Keep an identity adopted in memory (keyword-only index opened with a model) across reloads. */
  private merge(m: Manifest): Manifest {
    return m.model === null && this.manifest.model !== null ? { ...m, model: this.manifest.model, dims: this.manifest.dims } : m;
  }

  /** (Re)load manifest and every shard (verified); returns the damage: its files must be re-indexed. */
  async loadAll(): Promise<ShardDamage[]> {
    this.manifestStamp = await statStamp(manifestPath(this.dir));
    const m = await readManifest(this.dir);
    if (!m) throw new Error(`index manifest vanished from ${this.dir}`);
    this.manifest = this.merge(m);
    const fresh = await Promise.all(Array.from({ length: m.shards }, (_, i) => loadShard(this.dir, i)));
    for (const l of this.loaded) this.retire(l.shard);
    this.loaded = fresh;
    const byShard = recordsByShard(m.files, m.shards);
    const damage: ShardDamage[] = [];
    fresh.forEach((l, i) => {
      const files = reconcile(l, byShard[i]);
      if (files.length) damage.push(damageOf(l, files));
    });
    for (const d of damage) for (const p of d.files) m.files.delete(p);
    this.verifier.schedule();
    return damage;
  }

  /** A read-only view of no index (none yet, or one of another format): empty shards, nothing read. */
  async loadEmpty(): Promise<void> {
    this.manifestStamp = await statStamp(manifestPath(this.dir));
    this.loaded = Array.from({ length: this.manifest.shards }, (_, i) => ({ shard: Shard.empty(i, shardPath(this.dir, i)), corrupt: false, stamp: undefined, withVectors: 0 }));
  }

  /**
   * Check every loaded shard's blocks against their checksums (ShardVerifier; opens check what they
   * read, searches the int8 rows): in the background after an open or reload; writes and the end of
   * a CLI call wait for it. A damaged shard is dropped as at open: reported, re-indexed next pass.
   */
  verifyAll(): Promise<void> {
    return this.verifier.run();
  }

  /**
   * Pick up what another process committed since we last looked (stat checks; cheap when idle).
   * A reader (`forWrite` false) looks at the shards only when the manifest changed: every commit
   * ends by replacing the manifest, and the shard versions a reader holds open stay the ones its
   * manifest describes even after a writer was killed between renaming shards and writing the
   * manifest (stat-ing all 32 shards was a third of a vector search's time on a small index).
   * A writer, under the lock, looks at every shard: it must reconcile what such a writer left.
   */
  async refresh(forWrite: boolean): Promise<void> {
    const mStamp = await statStamp(manifestPath(this.dir));
    const manifestChanged = !sameStamp(mStamp, this.manifestStamp);
    if (!forWrite && !manifestChanged) return;
    const stamps = await Promise.all(this.loaded.map((l) => statStamp(l.shard.path)));
    const changed = this.loaded.map((l, i) => !sameStamp(stamps[i], l.stamp));
    if (!manifestChanged && !changed.includes(true)) return;
    if (manifestChanged) {
      const m = await readManifest(this.dir).catch((err: unknown) => {
        if (err instanceof ManifestCorruptError) return undefined;
        throw err;
      });
      const cur = this.manifest;
      const sameIdentity = m && m.schema === cur.schema && m.shards === cur.shards &&
        (m.model === null || cur.model === null || (m.model === cur.model && m.dims === cur.dims));
      if (this.readOnly && m && !sameIdentity) {
        // Rebuilt with another model by a writer: this reader keeps answering from the version it
        // holds open (its shard handles stay valid) rather than going empty mid-session.
        this.manifestStamp = mStamp;
        return;
      }
      if (!m || !sameIdentity) {
        this.identityLost = `the index in ${this.dir} was rebuilt or replaced by another process; reopen it`;
        this.manifest = { ...cur, files: new Map() };
        return;
      }
      this.manifest = this.merge(m);
      this.manifestStamp = mStamp;
    }
    const byShard = recordsByShard(this.manifest.files, this.manifest.shards);
    for (let i = 0; i < this.loaded.length; i++) {
      if (changed[i]) await this.replaceShard(i);
      if (!changed[i] && !manifestChanged) continue;
      const damaged = reconcile(this.loaded[i], byShard[i]);
      for (const p of damaged) this.manifest.files.delete(p);
      if (damaged.length) this.lateDamage.push(damageOf(this.loaded[i], damaged));
      if (!manifestChanged) this.lateDamaged.push(...damaged);
    }
    this.verifier.schedule(); // versions another process wrote
  }

  /**
   * Load every shard's search rows in the background (opens whose session can search by vector):
   * the rest of the open and the first question overlap with it (it joins loads still running).
   * Errors are met again by the search that needs the shard; damage is dropped and reported.
   */
  preloadVectors(): void {
    this.vectorsWanted = true;
    this.loadAllVectors(this.loaded).catch(() => undefined);
  }

  /** Load the vectors of every shard in `loaded` for search (see loadShardVectors). */
  async loadAllVectors(loaded: readonly LoadedShard[]): Promise<void> {
    this.loads++;
    try {
      await loadShardVectors(loaded, (l, err) => this.drop(l, err));
    } finally {
      this.loads--;
    }
  }

  /**
   * Replace a shard found corrupt after open by an empty stand-in; its files leave the manifest (in
   * memory) and are reported and queued for re-indexing. False when `l` was replaced meanwhile.
   */
  private drop(l: LoadedShard, err: ShardCorruptError): boolean {
    if (this.loaded[l.shard.no] !== l) return false;
    const bad: LoadedShard = { shard: Shard.empty(l.shard.no, l.shard.path), corrupt: true, stamp: l.stamp, withVectors: 0, problem: err.message };
    this.loaded[l.shard.no] = bad;
    this.retire(l.shard);
    const damaged = recordsByShard(this.manifest.files, this.manifest.shards)[l.shard.no].map((r) => r.path);
    for (const p of damaged) this.manifest.files.delete(p);
    if (damaged.length) this.lateDamage.push(damageOf(bad, damaged));
    this.lateDamaged.push(...damaged);
    return true;
  }

  /**
   * One transaction: stage every touched shard (vectra LocalIndex writes to fsynced temp files),
   * rename them into place, then write the manifest - the commit point. Until the renames nothing
   * on disk or in memory has changed, so a failing disk leaves the previous version intact; a crash
   * after them is repaired on load (garbage rows dropped, files missing chunks re-indexed).
   */
  async transaction(changes: StoreChanges, signal?: AbortSignal): Promise<void> {
    // A shard is rewritten from its float32 vectors and records, and the embedding cache reads
    // them: both must have passed their checksums first (drops damaged shards, see verifyAll).
    await this.verifyAll();
    const m = this.manifest;
    const plan = planChanges(m.files, changes, m.shards, (h) => this.cachedVector(h));
    plan.shards.push(...formatUpgrades(this.loaded, plan, m.shards));
    const removed: RemovedVector[] = [];
    this.storage.beginStaging();
    let at = 0;
    try {
      for (; at < plan.shards.length; at++) {
        signal?.throwIfAborted();
        const sp = plan.shards[at];
        const l = this.loaded[sp.no];
        removed.push(...(await writeShard(l.shard.path, (id) => sp.keep.has(id), sp.inserts, l.corrupt || !l.stamp, this.storage, this.codec)));
      }
      signal?.throwIfAborted();
      await this.storage.commitStaged();
    } catch (err) {
      await this.storage.abortStaged();
      if (!isNoSpace(err)) throw err;
      // What was staged, plus the shards not reached yet at their current size: a fair estimate.
      const rest = plan.shards.slice(at + 1).reduce((n, sp) => n + (this.loaded[sp.no].stamp?.size ?? 0), 0);
      throw await noSpaceError(this.dir, this.storage.stagedBytes + rest, err);
    }
    // Written from memory just now (fsynced, under the lock): no need to read them back to verify.
    for (const sp of plan.shards) {
      const stamp = await statStamp(this.loaded[sp.no].shard.path);
      if (stamp) markVerified(stamp);
    }
    const next: Manifest = { ...m, files: plan.files };
    await writeManifest(this.dir, next, this.faults).catch(async (err: unknown) => {
      throw isNoSpace(err) ? await noSpaceError(this.dir, manifestBytes(next), err) : err;
    });
    this.manifest = next;
    this.manifestStamp = await statStamp(manifestPath(this.dir));
    const byShard = recordsByShard(next.files, next.shards);
    for (const sp of plan.shards) {
      await this.replaceShard(sp.no);
      const damaged = reconcile(this.loaded[sp.no], byShard[sp.no]);
      for (const p of damaged) next.files.delete(p); // only if the disk changed under the lock
      this.lateDamaged.push(...damaged);
    }
    for (const r of removed) if (!plan.insertedEmbeds.has(r.embed)) this.removed.add(r.embed, r.vector);
  }

  private async replaceShard(no: number): Promise<void> {
    const fresh = await loadShard(this.dir, no);
    const prev = this.loaded[no].shard;
    // A failure here is retried (and judged) by the next search's loadVectors.
    if (this.vectorsWanted && !fresh.corrupt) await fresh.shard.loadVectorsFrom(prev).catch(() => undefined);
    this.retire(this.loaded[no].shard);
    this.loaded[no] = fresh;
  }

  cachedVector(embedTextHash: string): Float32Array | undefined {
    const { model, dims } = this.manifest;
    if (model === null) return undefined;
    for (const { shard } of this.loaded) {
      // An unverified float32 block could hand a damaged vector to a new, validly checksummed shard.
      if (!shard.verified) continue;
      const row = shard.embedToRow.get(embedTextHash);
      if (row === undefined) continue;
      const v = shard.readVectorSync(row);
      if (v && v.length === dims) return v;
    }
    return this.removed.get(embedTextHash);
  }

  async reading<T>(fn: (loaded: LoadedShard[]) => Promise<T>): Promise<T> {
    this.activeReads++;
    try {
      return await fn(this.loaded.slice());
    } finally {
      this.endRead();
    }
  }

  beginRead(): LoadedShard[] {
    this.activeReads++;
    return this.loaded.slice();
  }

  endRead(): void {
    if (--this.activeReads > 0 || this.retired.length === 0) return;
    for (const s of this.retired.splice(0)) closeQuietly(s);
  }

  /** A replaced shard keeps its file handle until no read that may still use it is running. */
  private retire(shard: Shard): void {
    if (this.activeReads > 0) this.retired.push(shard);
    else closeQuietly(shard);
  }

  async close(): Promise<void> {
    this.verifier.stop();
    const m = this.manifest;
    if (!this.readOnly && this.removed.dirty && m.model !== null) await this.removed.save(this.dir, m.model, m.dims);
    await Promise.all([...this.loaded.map((l) => l.shard), ...this.retired.splice(0)].map((s) => s.close()));
    this.loaded = [];
  }
}
