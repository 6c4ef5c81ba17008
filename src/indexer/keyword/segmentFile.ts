import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { FIELDS } from './options';
import { FIELD_COUNT, Segment, termStarts, type SegmentData } from './segment';

/**
 * keyword.bin: magic, header length (u32), JSON header, then the segment's string tables and typed
 * arrays, each padded to 4 bytes so they can be viewed in place without copying, and a CRC-32 of
 * everything before it. Arrays are in the host's byte order (recorded; every platform VS Code runs
 * on is little-endian): a file from another order is treated like another format version.
 */
const MAGIC = Buffer.from('LOREKWSG', 'latin1');

interface Header {
  version: number;
  generation: number;
  endian: string;
  fields: string[];
  docCount: number;
  pathCount: number;
  termCount: number;
  postingBytes: number;
  kinds: string[];
  languages: string[];
  idsBytes: number;
  pathsBytes: number;
  termsBytes: number;
}

export type DecodedSegment = { ok: true; generation: number; crc: number; segment: Segment } | { ok: false; reason: 'other-format' };

/** The same format checks decodeSegment makes on the header. */
const sameFormat = (h: Partial<Header>, version: number): boolean =>
  h.version === version && h.endian === endianness() && JSON.stringify(h.fields) === JSON.stringify(FIELDS);

/**
 * Generation, checksum (last 4 bytes) and chunk count of the segment file `path`, from its header
 * and trailer without reading the rest; undefined when it is absent, unreadable or of another
 * format (whoever loads it then finds out which, the usual way).
 */
export async function readSegmentStamp(path: string, version: number): Promise<{ generation: number; crc: number; docCount: number } | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(MAGIC.length + 4);
    await handle.read(head, 0, head.length, 0);
    if (size < head.length + 4 || !head.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const jsonLength = head.readUInt32LE(MAGIC.length);
    if (head.length + jsonLength + 4 > size) return undefined;
    const json = Buffer.alloc(jsonLength + 4);
    await handle.read(json, 0, jsonLength, head.length);
    await handle.read(json, jsonLength, 4, size - 4);
    const h = JSON.parse(json.toString('utf8', 0, jsonLength)) as Partial<Header>;
    if (!sameFormat(h, version) || typeof h.generation !== 'number' || typeof h.docCount !== 'number') return undefined;
    return { generation: h.generation, crc: json.readUInt32LE(jsonLength), docCount: h.docCount };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

const pad = (n: number): number => (4 - (n % 4)) % 4;

function bytesOf(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** The file's content as a list of buffers (written one after the other). */
export function encodeSegment(segment: Segment, version: number, generation: number): Buffer[] {
  const d = segment.data;
  const ids = Buffer.from(d.ids.join('\0'), 'utf8');
  const paths = Buffer.from(d.paths.join('\0'), 'utf8');
  const terms = Buffer.from(d.terms, 'utf8');
  const header: Header = {
    version, generation, endian: endianness(), fields: [...FIELDS],
    docCount: segment.docCount, pathCount: d.paths.length, termCount: segment.termCount, postingBytes: d.postings.length,
    kinds: d.kinds, languages: d.languages, idsBytes: ids.length, pathsBytes: paths.length, termsBytes: terms.length,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const parts: Buffer[] = [MAGIC, length, json];
  let size = MAGIC.length + 4 + json.length;
  const push = (b: Buffer): void => {
    const p = Buffer.alloc(pad(size));
    parts.push(p, b);
    size += p.length + b.length;
  };
  for (const section of [ids, paths, terms]) push(section);
  for (const a of [d.docPath, d.fieldLength, d.postingStart, d.docLanguage, d.postings, d.docKind]) push(bytesOf(a));
  let crc = 0;
  // Node 20's zlib.crc32(emptyBuffer, value) returns 0 instead of `value`: skip empty sections, or
  // an index with an empty table (e.g. no chunks yet) is saved with a checksum it can never match.
  for (const p of parts) if (p.length > 0) crc = crc32(p, crc);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(crc >>> 0);
  parts.push(trailer);
  return parts;
}

function corrupt(what: string): never {
  throw new Error(`keyword index file is corrupt: ${what}`);
}

function splitTable(buf: Buffer, start: number, bytes: number, count: number): string[] {
  if (count === 0) return [];
  const values = buf.toString('utf8', start, start + bytes).split('\0');
  if (values.length !== count) corrupt('string table');
  return values;
}

/** Reads a file written by encodeSegment; throws on any damage. */
export function decodeSegment(file: Buffer, version: number): DecodedSegment {
  if (file.length < MAGIC.length + 8 || !file.subarray(0, MAGIC.length).equals(MAGIC)) corrupt('no header');
  const jsonLength = file.readUInt32LE(MAGIC.length);
  let at = MAGIC.length + 4;
  if (at + jsonLength + 4 > file.length) corrupt('header length');
  const h = JSON.parse(file.toString('utf8', at, at + jsonLength)) as Partial<Header>;
  if (!sameFormat(h, version)) return { ok: false, reason: 'other-format' };
  const body = file.length - 4;
  if ((crc32(file.subarray(0, body)) >>> 0) !== file.readUInt32LE(body)) corrupt('checksum');
  const n = (x: unknown): number => (Number.isInteger(x) && (x as number) >= 0 ? (x as number) : corrupt('header field'));
  const [docCount, pathCount, termCount, postingBytes] = [n(h.docCount), n(h.pathCount), n(h.termCount), n(h.postingBytes)];
  if (!Array.isArray(h.kinds) || !Array.isArray(h.languages) || typeof h.generation !== 'number') corrupt('header tables');
  // Views share the file's memory; a buffer at an odd offset is copied once so they can align.
  const buf = file.byteOffset % 4 === 0 ? file : Buffer.from(file);
  at += jsonLength;
  const take = (bytes: number): number => {
    at += pad(at);
    const start = at;
    at += bytes;
    if (at > body) corrupt('section beyond end of file');
    return start;
  };
  const ids = splitTable(buf, take(n(h.idsBytes)), n(h.idsBytes), docCount);
  const paths = splitTable(buf, take(n(h.pathsBytes)), n(h.pathsBytes), pathCount);
  const termsAt = take(n(h.termsBytes));
  const terms = buf.toString('utf8', termsAt, termsAt + n(h.termsBytes));
  const u32 = (count: number) => new Uint32Array(buf.buffer, buf.byteOffset + take(count * 4), count);
  const u16 = (count: number) => new Uint16Array(buf.buffer, buf.byteOffset + take(count * 2), count);
  const u8 = (count: number) => new Uint8Array(buf.buffer, buf.byteOffset + take(count), count);
  const data: SegmentData = {
    ids, paths, kinds: h.kinds, languages: h.languages, terms,
    docPath: u32(docCount),
    fieldLength: u32(docCount * FIELD_COUNT),
    postingStart: u32(termCount * FIELD_COUNT + 1),
    docLanguage: u16(docCount),
    postings: u8(postingBytes),
    docKind: u8(docCount),
    termStart: termStarts(terms, termCount),
  };
  if (at !== body) corrupt('length');
  validate(data, h.kinds.length, h.languages.length);
  return { ok: true, generation: h.generation, crc: file.readUInt32LE(body), segment: new Segment(data, true) };
}

/**
 * Every table a search indexes with is in range (the checksum catches damage; this catches bugs).
 * The posting lists themselves are checked on first use (Segment.list).
 */
function validate(d: SegmentData, kinds: number, languages: number): void {
  if (d.termStart[d.termStart.length - 1] !== d.terms.length) corrupt('term dictionary');
  const docs = d.ids.length;
  for (let i = 0; i < docs; i++) {
    if (d.docPath[i] >= d.paths.length || d.docKind[i] >= kinds || d.docLanguage[i] >= languages) corrupt('document table');
  }
  const starts = d.postingStart;
  if (starts[0] !== 0 || starts[starts.length - 1] !== d.postings.length) corrupt('posting offsets');
  for (let i = 1; i < starts.length; i++) if (starts[i] < starts[i - 1]) corrupt('posting offsets');
}
