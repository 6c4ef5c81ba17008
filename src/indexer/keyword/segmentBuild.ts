import type { MiniSearchInternals, TermData } from './internals';
import { FIELDS } from './options';
import { PostingWriter } from './postings';
import { FIELD_COUNT, Segment, termStarts } from './segment';

/** Interns strings into a table, for paths, kinds and languages shared by many chunks. */
class Table {
  readonly values: string[] = [];
  private readonly byValue = new Map<string, number>();

  id(value: string): number {
    let id = this.byValue.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.byValue.set(value, id);
    }
    return id;
  }
}

/**
 * A new segment holding the live documents of `old` (those not marked in `deleted`) followed by
 * the live documents of minisearch `live`, in insertion order. Keeping that order keeps the tie
 * order of a plain minisearch that received the same additions.
 */
export function mergeSegment(old: Segment, deleted: Uint8Array, live: MiniSearchInternals): Segment {
  const o = old.data;
  const upper = old.docCount + live._documentCount;
  const ids: string[] = [];
  const paths = new Table();
  const kinds = new Table();
  const languages = new Table();
  const docPath = new Uint32Array(upper);
  const docKind = new Uint8Array(upper);
  const docLanguage = new Uint16Array(upper);
  const fieldLength = new Uint32Array(upper * FIELD_COUNT);
  const liveField = FIELDS.map((name) => live._fieldIds[name]);

  const remapOld = new Int32Array(old.docCount).fill(-1);
  for (let d = 0; d < old.docCount; d++) {
    if (deleted[d]) continue;
    const n = ids.length;
    remapOld[d] = n;
    ids.push(o.ids[d]);
    docPath[n] = paths.id(o.paths[o.docPath[d]]);
    docKind[n] = kinds.id(o.kinds[o.docKind[d]]);
    docLanguage[n] = languages.id(o.languages[o.docLanguage[d]]);
    for (let f = 0; f < FIELD_COUNT; f++) fieldLength[n * FIELD_COUNT + f] = o.fieldLength[d * FIELD_COUNT + f];
  }
  const remapLive = new Int32Array(live._nextId).fill(-1);
  for (const [shortId, id] of live._documentIds) {
    const n = ids.length;
    remapLive[shortId] = n;
    ids.push(id as string);
    const stored = live._storedFields.get(shortId) ?? {};
    docPath[n] = paths.id(String(stored.path ?? ''));
    docKind[n] = kinds.id(String(stored.kind ?? ''));
    docLanguage[n] = languages.id(String(stored.language ?? ''));
    const lengths = live._fieldLength.get(shortId) ?? [];
    for (let f = 0; f < FIELD_COUNT; f++) fieldLength[n * FIELD_COUNT + f] = lengths[liveField[f]] ?? 0;
  }
  if (kinds.values.length > 0xff || languages.values.length > 0xffff) throw new Error('too many chunk kinds or languages for the keyword segment');

  const liveTerms: [string, TermData][] = [];
  let livePostings = 0;
  for (const entry of live._index) {
    liveTerms.push(entry);
    for (const postings of entry[1].values()) livePostings += postings.size;
  }
  liveTerms.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  const maxTerms = old.termCount + liveTerms.length;
  const terms: string[] = [];
  const postingStart = new Uint32Array(maxTerms * FIELD_COUNT + 1);
  // About 1.5 bytes per posting; the writer grows if a corpus needs more.
  const writer = new PostingWriter(o.postings.length + 2 * livePostings + 16);
  let i = 0;
  let j = 0;
  while (i < old.termCount || j < liveTerms.length) {
    const a = i < old.termCount ? old.termAt(i) : undefined;
    const b = j < liveTerms.length ? liveTerms[j][0] : undefined;
    const term = a === undefined ? (b as string) : b === undefined || a <= b ? a : b;
    const fromOld = a === term ? i++ : -1;
    const fromLive = b === term ? liveTerms[j++][1] : undefined;
    const termAt = writer.length;
    const slot = terms.length * FIELD_COUNT;
    for (let f = 0; f < FIELD_COUNT; f++) {
      postingStart[slot + f] = writer.length;
      // Old ordinals map to ascending new ones, and every live one comes after them: the list stays sorted.
      if (fromOld >= 0) {
        old.forEachPosting(fromOld, f, (doc, tf) => {
          const n = remapOld[doc];
          if (n >= 0) writer.add(n, tf);
        });
      }
      const postings = fromLive?.get(liveField[f]);
      if (postings) {
        const docs: number[] = [];
        let sorted = true;
        for (const [shortId, tf] of postings) {
          const n = remapLive[shortId];
          if (n === undefined || n < 0) continue; // discarded, not vacuumed
          if (docs.length > 0 && n < docs[docs.length - 2]) sorted = false;
          docs.push(n, tf);
        }
        // Short ids only grow and a term's Map keeps insertion order, so this is sorted already;
        // the writer needs ascending ordinals, so make sure rather than trust minisearch internals.
        const order = Array.from({ length: docs.length / 2 }, (_, x) => x);
        if (!sorted) order.sort((x, y) => docs[2 * x] - docs[2 * y]);
        for (const x of order) writer.add(docs[2 * x], docs[2 * x + 1]);
      }
      writer.endList();
    }
    if (writer.length > termAt) terms.push(term); // a term whose every document was removed is dropped
  }
  postingStart[terms.length * FIELD_COUNT] = writer.length;
  const count = ids.length;
  const joined = terms.length ? `${terms.join('\0')}\0` : '';
  return new Segment({
    ids,
    paths: paths.values,
    kinds: kinds.values,
    languages: languages.values,
    docPath: docPath.slice(0, count),
    docKind: docKind.slice(0, count),
    docLanguage: docLanguage.slice(0, count),
    fieldLength: fieldLength.slice(0, count * FIELD_COUNT),
    terms: joined,
    termStart: termStarts(joined, terms.length),
    postingStart: postingStart.slice(0, terms.length * FIELD_COUNT + 1),
    postings: writer.finish(),
  });
}
