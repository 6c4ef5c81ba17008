import { crc32 } from 'node:zlib';
import { endianness } from 'node:os';
import type { ChunkKind } from '../types';

/**
 * Binary layout of one shard file. vectra's default JSON codec stores vectors as decimal number
 * arrays (~20 bytes per float, and a save fails past ~33k items), so shards use this layout instead:
 *
 *   0   'LORESHD1'            magic
 *   8   u32 headerLen         bytes of the header JSON
 *   12  u32 dims              vector length (0 = no vectors)
 *   16  u32 count             items
 *   20  u32 vecCount          items that have a vector
 *   24  f64 totalLength       whole file, so truncation is caught by a stat
 *   32  u32 headerCrc, u32 vecCrc, u32 coldCrc, u32 reserved
 *   48  header JSON           hot metadata, columnar (ids, paths, kinds...): read at open
 *   ..  pad to 4              so the vector block can be viewed as a Float32Array
 *   ..  vectors               vecCount x dims float32 LE: read lazily, on the first search
 *   ..  cold records          one JSON per item (lines, symbol, hash, text): read per chunk by offset
 *   end 'LOREEND1'            trailer
 *
 * Hot metadata is what search, filters and the cache need for every chunk; the text lives only on
 * disk, so memory does not grow with the size of the sources.
 */
export const PREFIX_BYTES = 48;
const MAGIC = Buffer.from('LORESHD1', 'latin1');
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
  headerLen: number;
  dims: number;
  count: number;
  vecCount: number;
  totalLength: number;
  headerCrc: number;
  vecCrc: number;
  coldCrc: number;
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
  vecStart: number;
  coldStart: number;
  coldLen: number;
}

export function layoutOf(p: ShardPrefix): ShardLayout {
  const vecStart = align4(PREFIX_BYTES + p.headerLen);
  const coldStart = vecStart + p.vecCount * p.dims * 4;
  return { vecStart, coldStart, coldLen: p.totalLength - TRAILER_BYTES - coldStart };
}

export function align4(n: number): number {
  return (n + 3) & ~3;
}

export function writePrefix(p: ShardPrefix): Buffer {
  const b = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(b, 0);
  b.writeUInt32LE(p.headerLen, 8);
  b.writeUInt32LE(p.dims, 12);
  b.writeUInt32LE(p.count, 16);
  b.writeUInt32LE(p.vecCount, 20);
  b.writeDoubleLE(p.totalLength, 24);
  b.writeUInt32LE(p.headerCrc, 32);
  b.writeUInt32LE(p.vecCrc, 36);
  b.writeUInt32LE(p.coldCrc, 40);
  return b;
}

export function readPrefix(b: Buffer, fileSize: number): ShardPrefix {
  if (b.length < PREFIX_BYTES || !b.subarray(0, 8).equals(MAGIC)) throw new ShardCorruptError('bad magic');
  const p: ShardPrefix = {
    headerLen: b.readUInt32LE(8),
    dims: b.readUInt32LE(12),
    count: b.readUInt32LE(16),
    vecCount: b.readUInt32LE(20),
    totalLength: b.readDoubleLE(24),
    headerCrc: b.readUInt32LE(32),
    vecCrc: b.readUInt32LE(36),
    coldCrc: b.readUInt32LE(40),
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
