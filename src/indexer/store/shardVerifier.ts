import type { Shard } from './shard';
import { ShardCorruptError } from './shardFormat';
import { verifyBuffer } from './shardIo';
import type { LoadedShard } from './storeState';

/**
 * Background verification starts this long after an open or reload, so the first search (which
 * usually follows an open at once) has the disk and the event loop to itself.
 */
const VERIFY_DELAY_MS = 200;
/** While a search loads vectors, verification looks again after this long. */
const VERIFY_YIELD_MS = 10;

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

export interface VerifierHost {
  /** The shards as loaded now (the list is replaced by reloads and commits). */
  shards(): readonly LoadedShard[];
  /** Drop a shard found damaged; false when it was replaced meanwhile. */
  drop(l: LoadedShard, err: ShardCorruptError): boolean;
  /** True while a search is loading vectors: verification waits. */
  busy(): boolean;
}

/**
 * Checks every shard body against its checksums (Shard.verify) off the critical path: one shard at
 * a time, 1 MB per step, paused while a search loads vectors. A file version passes once per
 * process (verifiedShards.ts), so reopening an unchanged index in a session costs nothing.
 */
export class ShardVerifier {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** An I/O error of a background run, thrown by the next run() a caller awaits. */
  private error: unknown;
  private stopped = false;

  constructor(private readonly host: VerifierHost) {}

  /** Verify every shard not verified yet; resolves when all are (or were found damaged and dropped). */
  run(): Promise<void> {
    clearTimeout(this.timer);
    this.running ??= this.verifyAll().finally(() => (this.running = undefined));
    return this.running.then(() => {
      const err = this.error;
      this.error = undefined;
      if (err !== undefined) throw err;
    });
  }

  /** Start a run soon, in the background, if anything is left to verify. */
  schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped || this.host.shards().every((l) => l.corrupt || l.shard.verified)) return;
    // unref: a process that is done does not stay alive for it (the CLI awaits run() itself).
    this.timer = setTimeout(() => void this.run().catch((err: unknown) => (this.error = err)), VERIFY_DELAY_MS).unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async verifyAll(): Promise<void> {
    const skipped = new Set<Shard>();
    const buf = verifyBuffer();
    for (;;) {
      const l = this.host.shards().find((x) => !x.corrupt && !x.shard.verified && !skipped.has(x.shard));
      if (!l || this.stopped) return;
      while (this.host.busy()) await sleep(VERIFY_YIELD_MS);
      try {
        if (!(await l.shard.verify(buf))) skipped.add(l.shard); // replaced and closed meanwhile
      } catch (err) {
        skipped.add(l.shard);
        if (!(err instanceof ShardCorruptError)) this.error = err;
        else this.host.drop(l, err);
      }
    }
  }
}
