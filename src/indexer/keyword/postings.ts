/**
 * Posting lists of the frozen keyword segment, varint-coded. One list per (term, field):
 *
 *   varint count, then per posting (ascending document ordinal)
 *   varint(gap * 2 + (tf > 1 ? 1 : 0)) [varint(tf - 2) when flagged]
 *
 * where gap is the ordinal minus the previous one in the list (the first: the ordinal itself).
 * Most postings are a term met once in a chunk that is a few ordinals after the previous chunk with
 * that term, so a posting takes 1-2 bytes instead of the 6 of a Uint32 ordinal + Uint16 frequency
 * (at 200k chunks, 11M postings: 67 MB -> ~20 MB resident). Lists are only ever read front to back
 * (scoring a term, merging segments), so nothing needs random access inside one.
 */

/** Ordinals must leave room for the flag bit in 32-bit arithmetic. */
export const MAX_DOCS = 2 ** 30;

/** Appends lists to a growing byte buffer; a list's postings are buffered until endList(). */
export class PostingWriter {
  private bytes: Uint8Array;
  private used = 0;
  private docs = new Uint32Array(256);
  private tfs = new Uint32Array(256);
  private n = 0;

  constructor(expectedBytes = 1 << 16) {
    this.bytes = new Uint8Array(Math.max(16, expectedBytes));
  }

  /** Bytes written so far: the offset the next list starts at. */
  get length(): number {
    return this.used;
  }

  /** Add a posting to the current list; ordinals must ascend. */
  add(doc: number, tf: number): void {
    if (this.n === this.docs.length) {
      const docs = new Uint32Array(this.n * 2);
      docs.set(this.docs);
      this.docs = docs;
      const tfs = new Uint32Array(this.n * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.docs[this.n] = doc;
    this.tfs[this.n++] = tf;
  }

  /** Write the current list (possibly empty: an empty list takes no bytes). */
  endList(): void {
    const n = this.n;
    this.n = 0;
    if (n === 0) return;
    this.varint(n);
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const doc = this.docs[i];
      const tf = Math.max(1, this.tfs[i]);
      if (doc >= MAX_DOCS || (i > 0 && doc <= prev)) throw new RangeError(`posting ordinals must ascend below ${MAX_DOCS}`);
      this.varint((doc - prev) * 2 + (tf > 1 ? 1 : 0));
      if (tf > 1) this.varint(tf - 2);
      prev = doc;
    }
  }

  /** The written bytes, trimmed. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.used);
  }

  private varint(value: number): void {
    if (this.used + 5 > this.bytes.length) {
      const grown = new Uint8Array(Math.ceil(this.bytes.length * 1.5) + 16);
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.used++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.used++] = v;
  }
}

/** Postings in the list starting at `start` (0 for an empty list, start === end). */
export function listCount(bytes: Uint8Array, start: number, end: number): number {
  if (start === end) return 0;
  let v = 0;
  let shift = 0;
  let at = start;
  for (;;) {
    const b = bytes[at++];
    v |= (b & 0x7f) << shift;
    if (b < 0x80) return v >>> 0;
    shift += 7;
  }
}

/**
 * Call visit(ordinal, tf) for each posting of the list in [start, end), in ascending ordinal
 * order. Returns the offset after the list (end, for a well-formed list).
 */
export function decodeList(bytes: Uint8Array, start: number, end: number, visit: (doc: number, tf: number) => void): number {
  if (start === end) return start;
  let at = start;
  let v = 0;
  let shift = 0;
  let b: number;
  do {
    b = bytes[at++];
    v |= (b & 0x7f) << shift;
    shift += 7;
  } while (b >= 0x80);
  const count = v >>> 0;
  let doc = 0;
  for (let i = 0; i < count; i++) {
    v = 0;
    shift = 0;
    do {
      b = bytes[at++];
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80);
    v >>>= 0;
    doc += v >>> 1;
    let tf = 1;
    if (v & 1) {
      let t = 0;
      shift = 0;
      do {
        b = bytes[at++];
        t |= (b & 0x7f) << shift;
        shift += 7;
      } while (b >= 0x80);
      tf = (t >>> 0) + 2;
    }
    visit(doc, tf);
  }
  return at;
}

/**
 * Check one list read from disk: stays inside [start, end), ordinals ascend and are below
 * docCount. Throws a RangeError naming what is wrong.
 */
export function checkList(bytes: Uint8Array, start: number, end: number, docCount: number): void {
  if (start === end) return;
  let last = -1;
  let bad = '';
  const at = decodeListBounded(bytes, start, end, (doc) => {
    if (bad === '' && (doc <= last || doc >= docCount)) bad = `posting ordinal ${doc} out of order or range`;
    last = doc;
  });
  if (bad !== '') throw new RangeError(bad);
  if (at !== end) throw new RangeError('posting list length');
}

/** decodeList that refuses to read past `end` (for untrusted bytes; the scorer uses the fast one). */
function decodeListBounded(bytes: Uint8Array, start: number, end: number, visit: (doc: number) => void): number {
  let at = start;
  const next = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (at >= end || shift > 28) throw new RangeError('posting list overruns its bounds');
      const b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  const count = next();
  if (count === 0 || count > end - at) throw new RangeError('posting count');
  let doc = 0;
  for (let i = 0; i < count; i++) {
    const v = next();
    doc += Math.floor(v / 2);
    if (v % 2 === 1) next();
    visit(doc);
  }
  return at;
}
