import { crc32 } from 'node:zlib';
import { endianness } from 'node:os';
import type { ChunkKind } from '../types';

/**
 * Binary layout of one shard file. vectra's default JSON codec stores vectors as decimal number
 * arrays (~20 bytes per float, and a save fails past ~33k items), so shards use this layout instead:
 *
 *   0   'LORESHD2'            magic ('LORESHD1': the first version, without the int8 block)
 *   8   u32 headerLen         bytes of the header JSON
 *   12  u32 dims              vector length (0 = no vectors)
 *   16  u32 count             items
 *   20  u32 vecCount          items that have a vector
 *   24  f64 totalLength       whole file, so truncation is caught by a stat
 *   32  u32 headerCrc, u32 vecCrc, u32 coldCrc, u32 i8Crc (version 1: reserved, 0)
 *   48  header JSON           hot metadata, columnar (ids, paths, kinds...): read at open
 *   ..  pad to 16             (version 1: to 4)
 *   ..  int8 rows             version 2 only: vecCount x align16(dims) int8, zero padded, then
 *                             vecCount float32 scales (see quantize.ts): what search scans, read
 *                             in one go on the first search and checked by i8Crc alone
 *   ..  vectors               vecCount x dims float32 LE: exact vectors (embedding cache, rewrites)
 *   ..  cold records          one JSON per item (lines, symbol, hash, text): read per chunk by offset
 *   end 'LOREEND1'            trailer
 *
 * Hot metadata is what search, filters and the cache need for every chunk; the text lives only on
 * disk, so memory does not grow with the size of the sources. The int8 block is a quarter of the
 * float32 one: persisting it spares the first search reading, checksumming and quantizing all
 * float32 vectors (200k x 768 dims: 614 MB), which took seconds; the float32 block and the records
 * are checked in the background instead (shardVerifier.ts).
 */
export const PREFIX_BYTES = 48;
const MAGIC_V1 = Buffer.from('LORESHD1', 'latin1');
const MAGIC = Buffer.from('LORESHD2', 'latin1');
/** Format of the shards this version writes; version 1 files are still read (without an int8 block). */
export const SHARD_FORMAT = 2;
const TRAILER = Buffer.from('LOREEND1', 'latin1');
export const TRAILER_BYTES = TRAILER.length;

if (endianness() !== 'LE') throw new Error('Lore store: big-endian hosts are not supported (vectors are stored as float32 LE)');

export class ShardCorruptError extends Error {
  constructor(detail: string) {
    super(`corrupt shard: ${detail}`);
    this.name = 'ShardCorruptError';
  }
}

export interface ShardPrefix {
  /** 1: no int8 block (written before it existed), 2: with one. */
  format: 1 | 2;
  headerLen: number;
  dims: number;
  count: number;
  vecCount: number;
  totalLength: number;
  headerCrc: number;
  vecCrc: number;
  coldCrc: number;
  /** Checksum of the int8 rows and their scales (format 2; 0 in format 1). */
  i8Crc: number;
}

/** Columnar hot metadata; every array has `count` entries (kinds/vec: one char per item). */
export interface ShardHeader {
  version: number;
  metadataConfig: { indexed?: string[] };
  paths: string[];
  langs: string[];
  ids: string[];
  file: number[];
  kind: string;
  lang: number[];
  embed: (string | null)[];
  vec: string;
  cold: number[];
}

/** Per-item fields kept only on disk. */
export interface ColdRecord {
  s: number;
  e: number;
  y?: string;
  h: string;
  t: string;
  /** Chunk.page / Chunk.cell (documents only). */
  p?: number;
  c?: number;
}

/** The optional document location of a chunk record, without undefined-valued keys. */
export function locationOf(rec: ColdRecord): { page?: number; cell?: number } {
  return { ...(typeof rec.p === 'number' ? { page: rec.p } : {}), ...(typeof rec.c === 'number' ? { cell: rec.c } : {}) };
}

export const KIND_CODES: Record<ChunkKind, string> = { code: 'c', doc: 'd', text: 't' };
export const KIND_OF_CODE: Record<string, ChunkKind> = { c: 'code', d: 'doc', t: 'text' };

/** Offsets derived from a prefix. */
export interface ShardLayout {
  /** Start of the int8 rows (format 2); i8Len is 0 in format 1. */
  i8Start: number;
  i8Len: number;
  /** Row length of the int8 block: dims rounded up to 16, as QuantizedRows lays rows out. */
  stride: number;
  vecStart: number;
  coldStart: number;
  coldLen: number;
}

export function layoutOf(p: ShardPrefix): ShardLayout {
  const stride = align16(p.dims);
  const i8Start = p.format === 2 ? align16(PREFIX_BYTES + p.headerLen) : align4(PREFIX_BYTES + p.headerLen);
  const i8Len = p.format === 2 ? p.vecCount * (stride + 4) : 0;
  const vecStart = i8Start + i8Len;
  const coldStart = vecStart + p.vecCount * p.dims * 4;
  return { i8Start, i8Len, stride, vecStart, coldStart, coldLen: p.totalLength - TRAILER_BYTES - coldStart };
}

export function align4(n: number): number {
  return (n + 3) & ~3;
}

export function align16(n: number): number {
  return (n + 15) & ~15;
}

export function writePrefix(p: ShardPrefix): Buffer {
  const b = Buffer.alloc(PREFIX_BYTES);
  (p.format === 1 ? MAGIC_V1 : MAGIC).copy(b, 0);
  b.writeUInt32LE(p.headerLen, 8);
  b.writeUInt32LE(p.dims, 12);
  b.writeUInt32LE(p.count, 16);
  b.writeUInt32LE(p.vecCount, 20);
  b.writeDoubleLE(p.totalLength, 24);
  b.writeUInt32LE(p.headerCrc, 32);
  b.writeUInt32LE(p.vecCrc, 36);
  b.writeUInt32LE(p.coldCrc, 40);
  b.writeUInt32LE(p.i8Crc, 44);
  return b;
}

export function readPrefix(b: Buffer, fileSize: number): ShardPrefix {
  const magic = b.subarray(0, 8);
  const format = magic.equals(MAGIC) ? 2 : magic.equals(MAGIC_V1) ? 1 : 0;
  if (b.length < PREFIX_BYTES || format === 0) throw new ShardCorruptError('bad magic');
  const p: ShardPrefix = {
    format,
    headerLen: b.readUInt32LE(8),
    dims: b.readUInt32LE(12),
    count: b.readUInt32LE(16),
    vecCount: b.readUInt32LE(20),
    totalLength: b.readDoubleLE(24),
    headerCrc: b.readUInt32LE(32),
    vecCrc: b.readUInt32LE(36),
    coldCrc: b.readUInt32LE(40),
    i8Crc: format === 2 ? b.readUInt32LE(44) : 0,
  };
  if (p.totalLength !== fileSize) throw new ShardCorruptError(`length ${fileSize}, expected ${p.totalLength} (truncated?)`);
  if (p.vecCount > p.count) throw new ShardCorruptError('more vectors than items');
  if (layoutOf(p).coldLen < 0) throw new ShardCorruptError('sections overlap');
  return p;
}

export function checkTrailer(b: Buffer): void {
  if (!b.equals(TRAILER)) throw new ShardCorruptError('missing trailer');
}

export function trailer(): Buffer {
  return TRAILER;
}

export function parseHeader(p: ShardPrefix, bytes: Buffer): ShardHeader {
  if (crc32(bytes) !== p.headerCrc) throw new ShardCorruptError('header checksum mismatch');
  let h: ShardHeader;
  try {
    h = JSON.parse(bytes.toString('utf8')) as ShardHeader;
  } catch {
    throw new ShardCorruptError('header is not JSON');
  }
  const n = p.count;
  const ok =
    Array.isArray(h.ids) && h.ids.length === n &&
    Array.isArray(h.file) && h.file.length === n &&
    Array.isArray(h.lang) && h.lang.length === n &&
    Array.isArray(h.embed) && h.embed.length === n &&
    Array.isArray(h.cold) && h.cold.length === n &&
    typeof h.kind === 'string' && h.kind.length === n &&
    typeof h.vec === 'string' && h.vec.length === n &&
    Array.isArray(h.paths) && Array.isArray(h.langs);
  if (!ok) throw new ShardCorruptError('header columns do not match the item count');
  let withVec = 0;
  for (let i = 0; i < n; i++) if (h.vec.charCodeAt(i) === 49) withVec++;
  if (withVec !== p.vecCount) throw new ShardCorruptError('vector count mismatch');
  return h;
}

export function parseCold(bytes: Buffer): ColdRecord {
  try {
    const r = JSON.parse(bytes.toString('utf8')) as ColdRecord;
    if (typeof r.t === 'string' && typeof r.h === 'string' && typeof r.s === 'number') return r;
  } catch {
    // fall through to the error below
  }
  throw new ShardCorruptError('unreadable chunk record');
}

export function checksum(bytes: Buffer): number {
  return crc32(bytes);
}

/**
 * The checksum of bytes read in parts: checksumStep(b, checksumStep(a, 0)) === checksum(a + b).
 * Node 20's zlib.crc32(empty, value) returns 0 instead of `value`, so an empty part is skipped.
 */
export function checksumStep(bytes: Buffer, value: number): number {
  return bytes.length === 0 ? value : crc32(bytes, value);
}
