import type { DocumentCatalog, IndexCodec, IndexData, IndexItem, MetadataTypes } from 'vectra';
import type { Chunk } from '../types';
import {
  KIND_CODES, KIND_OF_CODE, locationOf, PREFIX_BYTES, SHARD_FORMAT, TRAILER_BYTES, align4, align16, checkTrailer, checksum,
  checksumStep, layoutOf, parseCold, parseHeader, readPrefix, trailer, writePrefix, ShardCorruptError, type ColdRecord, type ShardHeader,
} from './shardFormat';
import { quantizeRow } from './quantize';

/** Metadata of one vectra item in a Lore shard: a chunk plus the embedding-cache key. */
export function chunkMetadata(chunk: Chunk, embed: string | undefined): Record<string, MetadataTypes> {
  const m: Record<string, MetadataTypes> = {
    path: chunk.path, kind: chunk.kind, language: chunk.language, startLine: chunk.startLine,
    endLine: chunk.endLine, hash: chunk.hash, text: chunk.text,
  };
  if (chunk.symbol !== undefined) m.symbol = chunk.symbol;
  if (chunk.page !== undefined) m.page = chunk.page;
  if (chunk.cell !== undefined) m.cell = chunk.cell;
  if (embed !== undefined) m.embed = embed;
  return m;
}

/**
 * vectra types vectors as number[], but only ever reads `.length` and `[i]` from them; shards hand
 * it Float32Array views instead, so decoding a shard never inflates vectors to 8-byte doubles.
 */
export function asVectraVector(v: Float32Array): number[] {
  return v as unknown as number[];
}

function str(m: Record<string, MetadataTypes>, key: string): string {
  const v = m[key];
  if (typeof v !== 'string') throw new Error(`shard item metadata '${key}' must be a string`);
  return v;
}

function num(m: Record<string, MetadataTypes>, key: string): number {
  const v = m[key];
  if (typeof v !== 'number') throw new Error(`shard item metadata '${key}' must be a number`);
  return v;
}

/**
 * The int8 row and scale of vectors whose quantization is known: read from a format 2 shard or
 * written into one. A rewrite keeps most of a shard's vectors (the same Float32Array objects, from
 * decodeShard or the writer's cache of what it wrote), so it copies their rows instead of
 * quantizing every vector again (at 200k chunks, ~50 ms of each shard rewrite). Vectors are never
 * changed in place, so a known row stays right; the rows are views of a shard's int8 block.
 */
const knownRows = new WeakMap<Float32Array, { q: Int8Array; scale: number }>();

function asFloat32(v: number[]): Float32Array | undefined {
  return (v as unknown) instanceof Float32Array ? (v as unknown as Float32Array) : undefined;
}

/**
 * The int8 block of format 2: every vector quantized (quantize.ts) into a zero-padded row of
 * align16(dims) bytes, then the rows' float32 scales.
 */
function int8Block(vecs: Float32Array, items: IndexItem[], dims: number): Buffer {
  const rows = items.length;
  const stride = align16(dims);
  const block = Buffer.alloc(rows * (stride + 4));
  const q = new Int8Array(block.buffer, block.byteOffset, rows * stride);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = asFloat32(items[r].vector);
    const known = v && knownRows.get(v);
    if (known && known.q.length === dims) {
      q.set(known.q, r * stride);
      scales[r] = known.scale;
    } else {
      scales[r] = quantizeRow(vecs, r * dims, dims, q, r * stride);
    }
    if (v) knownRows.set(v, { q: q.subarray(r * stride, r * stride + dims), scale: scales[r] });
  }
  Buffer.from(scales.buffer).copy(block, rows * stride);
  return block;
}

/**
 * Encode vectra index data in the shard layout (see shardFormat.ts). `format` 1 writes the first
 * layout (no int8 block): only tests use it, to check that such files are still read.
 */
export function encodeShard(data: IndexData, format: 1 | 2 = SHARD_FORMAT): Buffer {
  const items = data.items;
  let dims = 0;
  for (const it of items) if (it.vector.length > 0) dims ||= it.vector.length;
  const paths: string[] = [];
  const pathIdx = new Map<string, number>();
  const langs: string[] = [];
  const langIdx = new Map<string, number>();
  const intern = (map: Map<string, number>, list: string[], s: string): number => {
    let i = map.get(s);
    if (i === undefined) map.set(s, (i = list.push(s) - 1));
    return i;
  };
  const h: ShardHeader = {
    version: data.version, metadataConfig: data.metadata_config ?? {}, paths, langs,
    ids: [], file: [], kind: '', lang: [], embed: [], vec: '', cold: [],
  };
  const kinds: string[] = [];
  const vecFlags: string[] = [];
  const colds: Buffer[] = [];
  const vecItems: IndexItem[] = [];
  for (const it of items) {
    const m = it.metadata;
    const kind = KIND_CODES[str(m, 'kind') as Chunk['kind']];
    if (!kind) throw new Error(`unknown chunk kind '${String(m.kind)}'`);
    if (it.vector.length !== 0 && it.vector.length !== dims) throw new Error(`vector of ${it.vector.length} dims in a ${dims}-dim shard`);
    h.ids.push(it.id);
    h.file.push(intern(pathIdx, paths, str(m, 'path')));
    h.lang.push(intern(langIdx, langs, str(m, 'language')));
    kinds.push(kind);
    h.embed.push(typeof m.embed === 'string' ? m.embed : null);
    vecFlags.push(it.vector.length ? '1' : '0');
    if (it.vector.length) vecItems.push(it);
    const rec: ColdRecord = { s: num(m, 'startLine'), e: num(m, 'endLine'), h: str(m, 'hash'), t: str(m, 'text') };
    if (typeof m.symbol === 'string') rec.y = m.symbol;
    if (typeof m.page === 'number') rec.p = m.page;
    if (typeof m.cell === 'number') rec.c = m.cell;
    const cold = Buffer.from(JSON.stringify(rec), 'utf8');
    h.cold.push(cold.length);
    colds.push(cold);
  }
  h.kind = kinds.join('');
  h.vec = vecFlags.join('');
  const header = Buffer.from(JSON.stringify(h), 'utf8');
  const vecBytes = Buffer.alloc(vecItems.length * dims * 4);
  const vecView = new Float32Array(vecBytes.buffer, vecBytes.byteOffset, vecItems.length * dims);
  vecItems.forEach((it, r) => vecView.set(it.vector, r * dims));
  const coldBytes = Buffer.concat(colds);
  const i8 = format === 2 ? int8Block(vecView, vecItems, dims) : Buffer.alloc(0);
  const pad = Buffer.alloc((format === 2 ? align16 : align4)(PREFIX_BYTES + header.length) - PREFIX_BYTES - header.length);
  const totalLength = PREFIX_BYTES + header.length + pad.length + i8.length + vecBytes.length + coldBytes.length + TRAILER_BYTES;
  const prefix = writePrefix({
    format, headerLen: header.length, dims, count: items.length, vecCount: vecItems.length, totalLength,
    headerCrc: checksum(header), vecCrc: checksum(vecBytes), coldCrc: checksum(coldBytes), i8Crc: format === 2 ? checksum(i8) : 0,
  });
  return Buffer.concat([prefix, header, pad, i8, vecBytes, coldBytes, trailer()], totalLength);
}

/** Full decode for vectra (used on the write path): every item with its text and a vector view. */
export function decodeShard(buf: Buffer): IndexData {
  const p = readPrefix(buf, buf.length);
  checkTrailer(buf.subarray(buf.length - TRAILER_BYTES));
  const h = parseHeader(p, buf.subarray(PREFIX_BYTES, PREFIX_BYTES + p.headerLen));
  const { i8Start, i8Len, vecStart, coldStart, coldLen } = layoutOf(p);
  const vecBytes = buf.subarray(vecStart, coldStart);
  const coldBytes = buf.subarray(coldStart, coldStart + coldLen);
  if (checksumStep(buf.subarray(i8Start, i8Start + i8Len), 0) !== p.i8Crc) throw new ShardCorruptError('int8 vector checksum mismatch');
  if (checksum(vecBytes) !== p.vecCrc) throw new ShardCorruptError('vector checksum mismatch');
  if (checksum(coldBytes) !== p.coldCrc) throw new ShardCorruptError('chunk records checksum mismatch');
  // A pooled Buffer may start at an odd offset; Float32Array views need 4-byte alignment.
  const vecs = (vecBytes.byteOffset & 3) === 0
    ? new Float32Array(vecBytes.buffer, vecBytes.byteOffset, vecBytes.length / 4)
    : new Float32Array(new Uint8Array(vecBytes).buffer);
  const stride = align16(p.dims);
  const i8 = buf.subarray(i8Start, i8Start + i8Len);
  const i8Rows = new Int8Array(i8.buffer, i8.byteOffset, i8Len ? p.vecCount * stride : 0);
  const i8Scales = new Float32Array(new Uint8Array(i8.subarray(p.vecCount * stride)).buffer); // copy: may be unaligned
  const items: IndexItem[] = [];
  let off = 0;
  let row = 0;
  for (let i = 0; i < p.count; i++) {
    const rec = parseCold(coldBytes.subarray(off, off + h.cold[i]));
    off += h.cold[i];
    const hasVec = h.vec.charCodeAt(i) === 49;
    const vector = hasVec ? vecs.subarray(row * p.dims, ++row * p.dims) : new Float32Array(0);
    if (hasVec && i8Len) knownRows.set(vector, { q: i8Rows.subarray((row - 1) * stride, (row - 1) * stride + p.dims), scale: i8Scales[row - 1] });
    const chunk: Chunk = {
      id: h.ids[i], path: h.paths[h.file[i]], language: h.langs[h.lang[i]], kind: KIND_OF_CODE[h.kind[i]],
      startLine: rec.s, endLine: rec.e, symbol: rec.y, text: rec.t, hash: rec.h, ...locationOf(rec),
    };
    items.push({ id: chunk.id, metadata: chunkMetadata(chunk, h.embed[i] ?? undefined), vector: asVectraVector(vector), norm: norm(vector) });
  }
  if (off !== coldLen) throw new ShardCorruptError('chunk record lengths do not add up');
  return { version: h.version, metadata_config: h.metadataConfig, items };
}

function norm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** vectra IndexCodec for shard files; catalogs and metadata files are unused by Lore and stay JSON. */
export class LoreShardCodec implements IndexCodec {
  readonly extension = '.lore';

  serializeIndex(data: IndexData): Buffer {
    return encodeShard(data);
  }

  deserializeIndex(buffer: Buffer): IndexData {
    return decodeShard(buffer);
  }

  serializeCatalog(catalog: DocumentCatalog): Buffer {
    return Buffer.from(JSON.stringify(catalog), 'utf8');
  }

  deserializeCatalog(buffer: Buffer): DocumentCatalog {
    return JSON.parse(buffer.toString('utf8')) as DocumentCatalog;
  }

  serializeMetadata(metadata: Record<string, MetadataTypes>): Buffer {
    return Buffer.from(JSON.stringify(metadata), 'utf8');
  }

  deserializeMetadata(buffer: Buffer): Record<string, MetadataTypes> {
    return JSON.parse(buffer.toString('utf8')) as Record<string, MetadataTypes>;
  }
}
