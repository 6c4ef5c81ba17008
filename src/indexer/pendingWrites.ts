import type { FileUpdate, LoreStore } from './store';
import type { KeywordIndex } from './keyword';

/**
 * Upserts and removals collected during a run and applied to the store in batches. Each flush is one
 * atomic store transaction (touched shards, then the manifest); the keyword index follows only
 * after the store accepted the batch, so it never holds chunks the store does not.
 */
export class PendingWrites {
  private upserts: FileUpdate[] = [];
  private hashes: string[][] = [];
  private removals = new Set<string>();
  private chunkCount = 0;
  private lastFlush = performance.now();
  removedCount = 0;
  storeMs = 0;

  constructor(
    private readonly store: LoreStore,
    private readonly keyword: KeywordIndex,
    /** Flush when this many chunks wait, or after maxAgeMs; bounds both memory and lost work on a crash. */
    private readonly maxChunks = 4000,
    private readonly maxAgeMs = 15_000,
  ) {}

  upsert(update: FileUpdate, embedTextHashes: string[]): void {
    this.removals.delete(update.file.path);
    this.upserts.push(update);
    this.hashes.push(embedTextHashes);
    this.chunkCount += update.chunks.length;
  }

  remove(paths: Iterable<string>): void {
    for (const p of paths) this.removals.add(p);
  }

  due(): boolean {
    return this.chunkCount >= this.maxChunks || performance.now() - this.lastFlush >= this.maxAgeMs;
  }

  async flush(signal?: AbortSignal): Promise<void> {
    if (this.upserts.length === 0 && this.removals.size === 0) return;
    const started = performance.now();
    const upserts = this.upserts;
    const removals = [...this.removals].filter((p) => this.store.getFile(p));
    const stale = [...upserts.map((u) => u.file.path), ...removals].flatMap((p) => this.store.getFile(p)?.chunkIds ?? []);
    await this.store.apply({ upserts, removals, embedTextHashes: this.hashes }, signal);
    this.keyword.remove(stale);
    this.keyword.add(upserts.flatMap((u) => u.chunks));
    this.removedCount += removals.length;
    this.upserts = [];
    this.hashes = [];
    this.removals.clear();
    this.chunkCount = 0;
    this.lastFlush = performance.now();
    this.storeMs += performance.now() - started;
  }
}
