import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { IndexData } from 'vectra';
import { PREFIX_BYTES } from './shardFormat';
import type { FileStamp } from './shard';

interface Entry {
  stamp: FileStamp;
  /** The file's first bytes: lengths and checksums of every block, so a look-alike file is told apart. */
  prefix: Buffer;
  data: IndexData;
  bytes: number;
}

/** Default bound: two shards of a 200k-chunk index at 768 dims. */
export const WRITTEN_SHARDS_BYTES = 64 * 2 ** 20;
/**
 * Entries are dropped this long after the last write: the cache pays off between the back-to-back
 * transactions of a bulk write, and must not keep a shard's worth of memory in an idle extension.
 */
export const WRITTEN_SHARDS_TTL_MS = 10_000;

function sizeOf(data: IndexData): number {
  let n = 0;
  for (const it of data.items) {
    n += it.vector.length * 4 + 200;
    const text = it.metadata.text;
    if (typeof text === 'string') n += text.length * 2;
  }
  return n;
}

async function readPrefixBytes(path: string): Promise<Buffer | undefined> {
  let h: FileHandle | undefined;
  try {
    h = await fs.open(path, 'r');
    const b = Buffer.alloc(PREFIX_BYTES);
    const { bytesRead } = await h.read(b, 0, PREFIX_BYTES, 0);
    return bytesRead === PREFIX_BYTES ? b : undefined;
  } catch {
    return undefined;
  } finally {
    await h?.close();
  }
}

/**
 * The contents of the shard files this process wrote last, so the next transaction that touches
 * the same shard (a full index in shard order rewrites most shards two or three times) merges into
 * them instead of reading and decoding the file it has just written. An entry is used only while
 * the file on disk is still that version: same inode, size and mtime (a rename keeps them, any
 * other writer's file has another inode) and the same prefix bytes (block lengths and checksums).
 * A write that was never committed (aborted staging) thus never matches. Bounded in bytes, least
 * recently used first out, and emptied WRITTEN_SHARDS_TTL_MS after the last write.
 */
export class WrittenShards {
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  private expiry: NodeJS.Timeout | undefined;

  constructor(private readonly maxBytes = WRITTEN_SHARDS_BYTES, private readonly ttlMs = WRITTEN_SHARDS_TTL_MS) {}

  /** What `path` holds, if it is still the version remembered; never throws (a miss means: decode the file). */
  async read(path: string): Promise<IndexData | undefined> {
    const e = this.entries.get(path);
    if (!e) return undefined;
    this.drop(path);
    const st = await fs.stat(path).catch(() => undefined);
    if (!st || st.ino !== e.stamp.ino || st.size !== e.stamp.size || st.mtimeMs !== e.stamp.mtimeMs) return undefined;
    const prefix = await readPrefixBytes(path);
    if (!prefix?.equals(e.prefix)) return undefined;
    this.put(path, e); // most recently used
    return e.data;
  }

  /**
   * Remember that `file` (the staged temp that becomes `path` on commit, or `path` itself) holds
   * `encoded`, the encoding of `data`. `data` must not be changed afterwards.
   */
  async remember(path: string, file: string, data: IndexData, encoded: Buffer): Promise<void> {
    this.drop(path);
    const bytes = sizeOf(data);
    if (bytes > this.maxBytes) return;
    const st = await fs.stat(file).catch(() => undefined);
    if (!st || st.size !== encoded.length) return;
    this.put(path, { stamp: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs }, prefix: Buffer.from(encoded.subarray(0, PREFIX_BYTES)), data, bytes });
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.clear(), this.ttlMs).unref(); // unref: never keeps a process alive
    for (const [p, old] of this.entries) {
      if (this.total <= this.maxBytes) break;
      if (old !== this.entries.get(path)) this.drop(p);
    }
  }

  clear(): void {
    clearTimeout(this.expiry);
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private put(path: string, e: Entry): void {
    this.entries.set(path, e);
    this.total += e.bytes;
  }

  private drop(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    this.entries.delete(path);
    this.total -= e.bytes;
  }
}
