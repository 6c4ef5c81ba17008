import { promises as fs, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Chunk, ChunkKind } from '../types';
import {
  KIND_OF_CODE, locationOf, PREFIX_BYTES, TRAILER_BYTES, checkTrailer, layoutOf, parseCold, parseHeader, readPrefix,
  ShardCorruptError, type ShardHeader, type ShardLayout, type ShardPrefix,
} from './shardFormat';
import { QuantizedRows, copyRow, quantizeRowInto } from './quantize';
import { loadInt8Rows, quantizeFloatRows, readAt, readInto, verifyBlocks } from './shardIo';
import { isVerified, markVerified } from './verifiedShards';

/** Identity of a file version on disk: a replaced (renamed-over) shard changes inode or size/mtime. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);
}

/** Records at most this far apart are read together, in reads of at most COALESCE_SPAN bytes. */
const COALESCE_GAP = 16 * 1024;
const COALESCE_SPAN = 512 * 1024;

/**
 * The in-memory view of one shard file: hot metadata (read at open), a lazily loaded int8 copy of
 * its vectors for search, and an open handle to the exact file version the metadata came from, so
 * text and exact vectors are read from that version even after another process replaced the file.
 */
export class Shard {
  readonly count: number;
  readonly dims: number;
  /** 1 = listed in the manifest; 0 = garbage of an interrupted transaction, or a duplicate. */
  readonly live: Uint8Array;
  readonly idToRow = new Map<string, number>();
  private embedRows: Map<string, number> | undefined;
  /** Row -> index in the vector block, -1 when the row has no vector. */
  private readonly vecRow: Int32Array;
  private readonly coldOff: Float64Array;
  private vectors: QuantizedRows | undefined;
  private loading: Promise<void> | undefined;

  private constructor(
    readonly no: number,
    readonly path: string,
    readonly stamp: FileStamp | undefined,
    private handle: FileHandle | undefined,
    private readonly prefix: ShardPrefix | undefined,
    private readonly layout: ShardLayout | undefined,
    private readonly header: ShardHeader | undefined,
  ) {
    const n = (this.count = prefix?.count ?? 0);
    this.dims = prefix?.dims ?? 0;
    this.live = new Uint8Array(n);
    this.vecRow = new Int32Array(n);
    this.coldOff = new Float64Array(n + 1);
    let row = 0;
    for (let i = 0; i < n; i++) {
      const h = header as ShardHeader;
      this.coldOff[i + 1] = this.coldOff[i] + h.cold[i];
      this.vecRow[i] = h.vec.charCodeAt(i) === 49 ? row++ : -1;
      if (!this.idToRow.has(h.ids[i])) this.idToRow.set(h.ids[i], i);
    }
    if (header) header.cold = []; // offsets now live in coldOff
  }

  /**
   * Embedding-text hash -> row, for rows that have a vector (garbage rows too: their vectors are
   * valid). Built on first use: only writers look vectors up by text, and at 200k chunks building it
   * for every open cost a tenth of the open (map inserts and their garbage collection).
   */
  get embedToRow(): ReadonlyMap<string, number> {
    if (!this.embedRows) {
      this.embedRows = new Map();
      const embed = this.header?.embed ?? [];
      for (let i = 0; i < this.count; i++) {
        const e = embed[i];
        if (e && this.vecRow[i] >= 0) this.embedRows.set(e, i);
      }
    }
    return this.embedRows;
  }

  static empty(no: number, path: string): Shard {
    return new Shard(no, path, undefined, undefined, undefined, undefined, undefined);
  }

  /** Read and validate prefix, header and trailer; throws ShardCorruptError on a damaged file. */
  static async open(no: number, path: string): Promise<Shard> {
    let h: FileHandle;
    try {
      h = await fs.open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Shard.empty(no, path);
      throw err;
    }
    try {
      const st = await h.stat();
      if (st.size < PREFIX_BYTES + TRAILER_BYTES) throw new ShardCorruptError(`only ${st.size} bytes`);
      const prefix = readPrefix(await readAt(h, 0, PREFIX_BYTES), st.size);
      checkTrailer(await readAt(h, st.size - TRAILER_BYTES, TRAILER_BYTES));
      const header = parseHeader(prefix, await readAt(h, PREFIX_BYTES, prefix.headerLen));
      const stamp = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
      // The body (vectors, chunk records) is checked by verify(), off the open's critical path.
      return new Shard(no, path, stamp, h, prefix, layoutOf(prefix), header);
    } catch (err) {
      await h.close();
      throw err;
    }
  }

  /** True once every block of this file version passed its checksum (in this process). */
  get verified(): boolean {
    return this.count === 0 || (this.stamp !== undefined && isVerified(this.stamp));
  }

  /** Format 2 files carry their search rows (int8 block); format 1 files are quantized from float32. */
  get hasInt8Block(): boolean {
    return this.prefix?.format === 2;
  }

  /**
   * Check every block against its checksum (see verifyBlocks), once per file version and process
   * (verifiedShards.ts). Throws ShardCorruptError; false when the shard was closed meanwhile
   * (replaced: its successor is checked instead).
   */
  async verify(buf?: Buffer): Promise<boolean> {
    if (this.verified) return true;
    const ok = await verifyBlocks(() => this.handle, this.prefix as ShardPrefix, this.layout as ShardLayout, buf);
    if (!ok) return false;
    if (this.stamp) markVerified(this.stamp);
    return true;
  }

  get vectorsLoaded(): boolean {
    return this.vectors !== undefined || this.count === 0;
  }

  get loadedVectors(): QuantizedRows | undefined {
    return this.vectors;
  }

  id(row: number): string {
    return (this.header as ShardHeader).ids[row];
  }

  pathOf(row: number): string {
    const h = this.header as ShardHeader;
    return h.paths[h.file[row]];
  }

  kindOf(row: number): ChunkKind {
    return KIND_OF_CODE[(this.header as ShardHeader).kind[row]];
  }

  languageOf(row: number): string {
    const h = this.header as ShardHeader;
    return h.langs[h.lang[row]];
  }

  embedOf(row: number): string | undefined {
    return (this.header as ShardHeader).embed[row] ?? undefined;
  }

  vectorRow(row: number): number {
    return this.vecRow[row];
  }

  /**
   * Load the int8 rows search scans, checked by their own checksum: read as stored (format 2), or
   * quantized from the float32 vectors (format 1 files, until their next rewrite adds the block).
   */
  async loadVectors(): Promise<void> {
    if (this.vectorsLoaded) return;
    // A search joins a load already running (the preload at open, or another search).
    this.loading ??= this.readVectors().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async readVectors(): Promise<void> {
    const p = this.prefix as ShardPrefix;
    const h = this.handle as FileHandle;
    this.vectors = await (this.hasInt8Block ? loadInt8Rows(h, p, this.layout as ShardLayout) : quantizeFloatRows(h, p, this.layout as ShardLayout));
  }

  /**
   * Load vectors reusing the int8 rows of `prev` (the version this one replaces) for every chunk
   * both share - same id means same text, hence same vector - and reading only the new rows. After
   * a one-file update that is ~10 reads instead of the whole shard. The body checksum is not
   * re-verified here: reused rows were verified when first loaded, and files are replaced whole.
   */
  async loadVectorsFrom(prev: Shard): Promise<void> {
    const old = prev.vectors;
    const p = this.prefix;
    if (this.vectorsLoaded || !p) return;
    // With an int8 block, one read of it is about as quick as the row-by-row copy below.
    if (!old || old.dims !== p.dims || this.hasInt8Block) return this.loadVectors();
    const m = new QuantizedRows(p.vecCount, p.dims);
    const missing: number[] = [];
    for (let row = 0; row < this.count; row++) {
      const r = this.vecRow[row];
      if (r < 0) continue;
      const prevRow = prev.idToRow.get(this.id(row));
      const pr = prevRow === undefined ? -1 : prev.vecRow[prevRow];
      if (pr >= 0) copyRow(old, pr, m, r);
      else missing.push(r);
    }
    if (missing.length > p.vecCount / 4) return this.loadVectors(); // mostly new: one big read is cheaper
    const bytes = p.dims * 4;
    const { vecStart } = this.layout as ShardLayout;
    await Promise.all(missing.map(async (r) => {
      const buf = await readAt(this.handle as FileHandle, vecStart + r * bytes, bytes);
      quantizeRowInto(m, r, new Float32Array(buf.buffer, buf.byteOffset, p.dims), 0);
    }));
    this.vectors = m;
  }

  /** Exact float32 vector of a row, read synchronously from the pinned file version (3 KB at 768 dims). */
  readVectorSync(row: number): Float32Array | undefined {
    const r = this.vecRow[row];
    if (r < 0 || !this.handle) return undefined;
    const bytes = this.dims * 4;
    const buf = Buffer.allocUnsafe(bytes);
    const position = (this.layout as ShardLayout).vecStart + r * bytes;
    if (readSync(this.handle.fd, buf, 0, bytes, position) !== bytes) return undefined;
    return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytes));
  }

  private chunkAt(row: number, cold: Buffer): Chunk {
    const rec = parseCold(cold);
    return {
      id: this.id(row), path: this.pathOf(row), language: this.languageOf(row), kind: this.kindOf(row),
      startLine: rec.s, endLine: rec.e, symbol: rec.y, text: rec.t, hash: rec.h, ...locationOf(rec),
    };
  }

  /**
   * The chunks of `rows`, in that order. Records that lie close together in the file (a file's
   * chunks are neighbouring rows) are read with one read: a retrieval asks for 60-130 chunks, and a
   * read each cost more in round trips through the thread pool than in bytes.
   */
  async readChunks(rows: number[]): Promise<Chunk[]> {
    const { coldStart } = this.layout as ShardLayout;
    const off = this.coldOff;
    const order = rows.map((_, i) => i).sort((a, b) => off[rows[a]] - off[rows[b]]);
    const out: Chunk[] = new Array(rows.length);
    const reads: Promise<void>[] = [];
    for (let g = 0; g < order.length; ) {
      const from = off[rows[order[g]]];
      let to = off[rows[order[g]] + 1];
      let end = g + 1;
      for (; end < order.length; end++) {
        const row = rows[order[end]];
        if (off[row] - to > COALESCE_GAP || off[row + 1] - from > COALESCE_SPAN) break;
        to = Math.max(to, off[row + 1]);
      }
      const members = order.slice(g, end);
      reads.push(readInto(this.handle as FileHandle, Buffer.allocUnsafe(to - from), coldStart + from, to - from).then((buf) => {
        for (const i of members) out[i] = this.chunkAt(rows[i], buf.subarray(off[rows[i]] - from, off[rows[i] + 1] - from));
      }));
      g = end;
    }
    await Promise.all(reads);
    return out;
  }

  /** Every live chunk, reading the chunk records of this shard in one go. */
  async *liveChunks(): AsyncGenerator<Chunk> {
    if (!this.count) return;
    const { coldStart, coldLen } = this.layout as ShardLayout;
    const cold = await readAt(this.handle as FileHandle, coldStart, coldLen);
    for (let row = 0; row < this.count; row++) {
      if (this.live[row]) yield this.chunkAt(row, cold.subarray(this.coldOff[row], this.coldOff[row + 1]));
    }
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    this.vectors = undefined;
    await h?.close();
  }
}
