import type { FileUpdate, LoreStore } from './store';
import type { KeywordIndex } from './keyword';

interface Batch {
  upserts: FileUpdate[];
  hashes: string[][];
  removals: Set<string>;
  chunks: number;
}

const emptyBatch = (): Batch => ({ upserts: [], hashes: [], removals: new Set(), chunks: 0 });

/** A batch that ends inside a shard may grow to this many times maxChunks while that shard completes. */
const HOLD_FACTOR = 4;

/**
 * Upserts and removals collected during a run and applied to the store in batches. Each flush is one
 * atomic store transaction (touched shards, then the manifest); the keyword index follows only
 * after the store accepted the batch, so it never holds chunks the store does not.
 *
 * A flush may run in the background (`flushInBackground`) while the caller keeps collecting: the
 * store write of one batch then overlaps the embedding wait of the next, instead of adding to it.
 */
export class PendingWrites {
  private batch = emptyBatch();
  /** Where the last shard's run of upserts starts in `batch` (see tailStart). */
  private tail: { batch: Batch; scanned: number; from: number; shard: number } | undefined;
  private inFlight: Promise<void> | undefined;
  private lastFlush = performance.now();
  private lastFlushMs = 0;
  removedCount = 0;
  /** Time spent in flushes (store transactions + keyword updates), overlapped or not. */
  storeMs = 0;
  /** Time the caller was blocked on flushes (waiting for one in flight, or a final flush). */
  storeWaitMs = 0;

  constructor(
    private readonly store: LoreStore,
    private readonly keyword: KeywordIndex,
    /** Flush when this many chunks wait, or after maxAgeMs; bounds both memory and lost work on a crash. */
    private readonly maxChunks = 4000,
    private readonly maxAgeMs = 15_000,
  ) {}

  upsert(update: FileUpdate, embedTextHashes: string[]): void {
    this.batch.removals.delete(update.file.path);
    this.batch.upserts.push(update);
    this.batch.hashes.push(embedTextHashes);
    this.batch.chunks += update.chunks.length;
  }

  remove(paths: Iterable<string>): void {
    for (const p of paths) this.batch.removals.add(p);
  }

  /**
   * A flush is due after maxChunks chunks, or after maxAgeMs - but never sooner than nine times the
   * last flush took, so that rewriting shards stays under ~10% of a run even when embedding is slow
   * and each flush is small (the time rule alone would rewrite the store every few hundred chunks).
   */
  due(): boolean {
    const b = this.batch;
    if (b.upserts.length === 0 && b.removals.size === 0) return false;
    const age = performance.now() - this.lastFlush;
    if (age >= Math.max(this.maxAgeMs, 9 * this.lastFlushMs)) return true;
    if (b.chunks < this.maxChunks) return false;
    // A full build collects files in shard order: wait until a shard is complete, so that each
    // flush rewrites whole shards once instead of ending mid-shard and rewriting it again next
    // time (at 200k chunks a shard holds ~6,000). Bounded by HOLD_FACTOR x maxChunks; a lone
    // (huge) file goes at once.
    return b.upserts.length < 2 || b.chunks >= this.maxChunks * HOLD_FACTOR || this.tailStart(b) > 0;
  }

  /**
   * Index of the first upsert of the batch's last shard when the upserts are grouped by shard (a
   * full build's order), else 0. A flush that is not the last leaves those upserts for the next
   * batch, which completes that shard.
   */
  private tailStart(b: Batch): number {
    const n = b.upserts.length;
    if (n < 2 || b.chunks >= this.maxChunks * HOLD_FACTOR) return 0;
    // Scanned forward once per upsert (kept for the same batch), not backwards per call: due() runs
    // after every window and a held shard may gather thousands of files.
    let t = this.tail;
    if (t?.batch !== b || t.scanned > n) t = this.tail = { batch: b, scanned: 0, from: 0, shard: -1 };
    for (; t.scanned < n; t.scanned++) {
      const shard = this.store.shardOf(b.upserts[t.scanned].file.path);
      if (shard !== t.shard) {
        t.shard = shard;
        t.from = t.scanned;
      }
    }
    return t.from;
  }

  /** Start flushing what is collected without waiting for it; first waits for a flush still in flight. */
  async flushInBackground(signal?: AbortSignal): Promise<void> {
    await this.settle();
    const run = this.flushBatch(signal, true);
    this.inFlight = run;
    run.catch(() => undefined); // surfaced by the next settle() or flush()
  }

  /** Wait for a background flush, rethrowing its error. */
  async settle(): Promise<void> {
    const run = this.inFlight;
    if (!run) return;
    const started = performance.now();
    try {
      await run;
    } finally {
      if (this.inFlight === run) this.inFlight = undefined;
      this.storeWaitMs += performance.now() - started;
    }
  }

  /** Apply everything collected, after any flush in flight. */
  async flush(signal?: AbortSignal): Promise<void> {
    await this.settle().catch(() => undefined); // its batch went back into the queue: retried now
    const started = performance.now();
    try {
      await this.flushBatch(signal);
    } finally {
      this.storeWaitMs += performance.now() - started;
    }
  }

  /** `holdTail`: leave the upserts of the batch's unfinished last shard for the next flush (see tailStart). */
  private async flushBatch(signal?: AbortSignal, holdTail = false): Promise<void> {
    let b = this.batch;
    if (b.upserts.length === 0 && b.removals.size === 0) return;
    this.batch = emptyBatch();
    const split = holdTail ? this.tailStart(b) : 0;
    if (split > 0) {
      const tail = b.upserts.slice(split);
      this.batch = { upserts: tail, hashes: b.hashes.slice(split), removals: new Set(), chunks: tail.reduce((n, u) => n + u.chunks.length, 0) };
      b = { upserts: b.upserts.slice(0, split), hashes: b.hashes.slice(0, split), removals: b.removals, chunks: b.chunks - this.batch.chunks };
    }
    const started = performance.now();
    try {
      const removals = [...b.removals].filter((p) => this.store.getFile(p));
      const stale = [...b.upserts.map((u) => u.file.path), ...removals].flatMap((p) => this.store.getFile(p)?.chunkIds ?? []);
      await this.store.apply({ upserts: b.upserts, removals, embedTextHashes: b.hashes }, signal);
      this.keyword.remove(stale);
      await this.keyword.addInSlices(b.upserts.flatMap((u) => u.chunks));
      this.removedCount += removals.length;
    } catch (err) {
      this.restore(b);
      throw err;
    } finally {
      const took = performance.now() - started;
      this.storeMs += took;
      this.lastFlushMs = took;
      this.lastFlush = performance.now();
    }
  }

  /** Put a failed batch back in front of what was collected since, so a later flush retries it. */
  private restore(b: Batch): void {
    const later = this.batch;
    for (const u of later.upserts) b.removals.delete(u.file.path);
    for (const p of later.removals) b.removals.add(p);
    this.batch = {
      upserts: [...b.upserts, ...later.upserts],
      hashes: [...b.hashes, ...later.hashes],
      removals: b.removals,
      chunks: b.chunks + later.chunks,
    };
  }
}
