import type { ChunkKind } from '../types';
import { FIELDS, type ChunkMeta } from './options';
import { checkList, decodeList, listCount } from './postings';

export const FIELD_COUNT = FIELDS.length;

/** The arrays of a frozen segment, as built in memory or read from disk. */
export interface SegmentData {
  /** ordinal -> chunk id. */
  ids: string[];
  paths: string[];
  kinds: string[];
  languages: string[];
  docPath: Uint32Array;
  docKind: Uint8Array;
  docLanguage: Uint16Array;
  /** (ordinal * FIELD_COUNT + field) -> length of that field in terms. */
  fieldLength: Uint32Array;
  /** Sorted (UTF-16 code unit order) terms, each followed by `\0`. */
  terms: string;
  /** term -> offset of its first character in `terms`; termCount + 1 entries. */
  termStart: Uint32Array;
  /** (term * FIELD_COUNT + field) -> byte offset of its list in `postings`; termCount * FIELD_COUNT + 1 entries. */
  postingStart: Uint32Array;
  /** Varint-coded posting lists (see postings.ts), ascending ordinal (= insertion) order in each. */
  postings: Uint8Array;
}

/**
 * The frozen bulk of the keyword index: a sorted term dictionary and varint-coded postings, under
 * 2 bytes per posting instead of the ~50 of minisearch's nested Maps, and invisible to the garbage
 * collector. Immutable; removals are a deleted-set kept beside it (see KeywordIndex), additions go
 * to the live minisearch layer until the next merge rebuilds a segment from both.
 */
export class Segment {
  readonly termCount: number;
  /**
   * Lists read from a file, per (term, field): 1 once checked. Each is checked (bounds, ordinals)
   * on its first use instead of all at load: at 1M chunks checking every list took 3.8 s of a 5.7 s
   * load, for the few hundred lists a session's queries read. The file's checksum catches damage;
   * this catches a writer's bugs, and says so when a search meets one.
   */
  private readonly checked: Uint8Array | undefined;

  constructor(readonly data: SegmentData, fromFile = false) {
    this.termCount = data.termStart.length - 1;
    this.checked = fromFile ? new Uint8Array(data.postingStart.length) : undefined;
  }

  static empty(): Segment {
    return new Segment({
      ids: [], paths: [], kinds: [], languages: [],
      docPath: new Uint32Array(0), docKind: new Uint8Array(0), docLanguage: new Uint16Array(0),
      fieldLength: new Uint32Array(0), terms: '', termStart: new Uint32Array(1),
      postingStart: new Uint32Array(1), postings: new Uint8Array(0),
    });
  }

  get docCount(): number {
    return this.data.ids.length;
  }

  termAt(i: number): string {
    return this.data.terms.slice(this.data.termStart[i], this.data.termStart[i + 1] - 1);
  }

  /** Index of `term` in the dictionary, or -1 (binary search, ~20 string compares at 1M terms). */
  find(term: string): number {
    let lo = 0;
    let hi = this.termCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.termAt(mid);
      if (t < term) lo = mid + 1;
      else if (t > term) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** Documents (live or deleted) with `term` (an index from find) in `field`. */
  postingCount(term: number, field: number): number {
    const at = this.list(term, field);
    return listCount(this.data.postings, this.data.postingStart[at], this.data.postingStart[at + 1]);
  }

  /** visit(ordinal, tf) for every document with `term` in `field`, ascending ordinal. */
  forEachPosting(term: number, field: number, visit: (doc: number, tf: number) => void): void {
    const at = this.list(term, field);
    decodeList(this.data.postings, this.data.postingStart[at], this.data.postingStart[at + 1], visit);
  }

  /** Slot of a list in postingStart, checked first if it came from a file and was not yet. */
  private list(term: number, field: number): number {
    const at = term * FIELD_COUNT + field;
    const checked = this.checked;
    if (checked === undefined || checked[at] === 1) return at;
    try {
      checkList(this.data.postings, this.data.postingStart[at], this.data.postingStart[at + 1], this.docCount);
    } catch (err) {
      throw new Error(`keyword index file is corrupt: ${(err as Error).message}; delete keyword.bin to rebuild it`, { cause: err });
    }
    checked[at] = 1;
    return at;
  }

  /** The file of segment document `doc` (what meta(doc).path is, without building the rest). */
  pathOf(doc: number): string {
    return this.data.paths[this.data.docPath[doc]];
  }

  meta(doc: number): ChunkMeta {
    const d = this.data;
    return { path: d.paths[d.docPath[doc]], kind: d.kinds[d.docKind[doc]] as ChunkKind, language: d.languages[d.docLanguage[doc]] };
  }
}

/** Offsets of the `\0`-terminated terms in `terms`. */
export function termStarts(terms: string, count: number): Uint32Array {
  const start = new Uint32Array(count + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    start[i] = at;
    const end = terms.indexOf('\0', at);
    if (end < 0) throw new Error('term dictionary truncated');
    at = end + 1;
  }
  start[count] = at;
  return start;
}
