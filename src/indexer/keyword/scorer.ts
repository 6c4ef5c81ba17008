import type { MiniSearchInternals } from './internals';
import { FIELDS, type ChunkMeta } from './options';
import type { Segment } from './segment';

/** minisearch's BM25+ defaults (k1, b, and the lower bound d for a matching term). */
const K1 = 1.2;
const B = 0.7;
const D = 0.5;

export interface KeywordHit {
  id: string;
  score: number;
}
export type ChunkFilter = (c: ChunkMeta) => boolean;

/** Both layers of the index, and the collection statistics over their live documents. */
export interface ScoringView {
  segment: Segment;
  /** Per segment ordinal: 1 when removed since the segment was built. */
  deleted: Uint8Array;
  deletedCount: number;
  live: MiniSearchInternals;
  /** Documents not removed, both layers. */
  total: number;
  /** Average length of each field (FIELDS order) over those documents. */
  avgLength: readonly number[];
}

/**
 * BM25 top-k over the frozen segment and the live minisearch layer with the same formula and tie
 * order as minisearch's own OR search over all the documents (sum over terms and fields of boost *
 * BM25+, times the number of query terms matched), accumulating into reusable typed arrays and
 * keeping only the best k. Documents are numbered segment ordinals first, then segmentSize + the
 * live layer's short ids, which is the order a plain minisearch would have met them in.
 */
export class TopKScorer {
  private scores = new Float64Array(0);
  private matched = new Uint16Array(0);
  private lastTerm = new Int32Array(0);
  /** Filter verdict per document for the current query: 0 unknown, 1 kept, -1 dropped. */
  private verdict = new Int8Array(0);

  private ensureCapacity(n: number): void {
    if (this.scores.length >= n) return;
    const size = Math.max(n, Math.ceil(this.scores.length * 1.5), 1024);
    this.scores = new Float64Array(size);
    this.matched = new Uint16Array(size);
    this.lastTerm = new Int32Array(size);
    this.verdict = new Int8Array(size);
  }

  /**
   * With `out` (length >= every document number of `v`), also writes the final score of every
   * matching document into it, so a caller can read the exact score of documents beyond the top k
   * (hybrid fusion fills in the keyword score of the vector side's candidates). Others stay 0.
   */
  search(v: ScoringView, terms: readonly string[], k: number, fieldBoost: Record<string, number>, filter?: ChunkFilter, out?: Float32Array): KeywordHit[] {
    const seg = v.segment;
    const frozen = seg.docCount;
    const { fieldLength } = seg.data;
    const live = v.live;
    const liveClean = live._dirtCount === 0;
    this.ensureCapacity(frozen + live._nextId);
    const { scores, matched, lastTerm, verdict } = this;
    const touched: number[] = [];
    const judged: number[] = [];
    const fields = FIELDS.map((name, f) => ({ f, liveId: live._fieldIds[name], boost: fieldBoost[name] ?? 0 })).filter((x) => x.boost !== 0);
    const kept = (doc: number, meta: () => ChunkMeta): boolean => {
      if (!filter) return true;
      if (verdict[doc] === 0) {
        verdict[doc] = filter(meta()) ? 1 : -1;
        judged.push(doc);
      }
      return verdict[doc] > 0;
    };
    const add = (doc: number, t: number, score: number): void => {
      if (matched[doc] === 0) touched.push(doc);
      scores[doc] += score;
      if (lastTerm[doc] !== t + 1) {
        lastTerm[doc] = t + 1;
        matched[doc]++;
      }
    };
    try {
      for (let t = 0; t < terms.length; t++) {
        const frozenTerm = seg.find(terms[t]);
        const liveData = live._index.get(terms[t]);
        if (frozenTerm < 0 && !liveData) continue;
        for (const { f, liveId, boost } of fields) {
          const livePostings = liveData?.get(liveId);
          let df = frozenTerm < 0 ? 0 : seg.postingCount(frozenTerm, f);
          if (v.deletedCount > 0 && df > 0) seg.forEachPosting(frozenTerm, f, (doc) => void (df -= v.deleted[doc]));
          if (livePostings) {
            if (liveClean) df += livePostings.size;
            else for (const doc of livePostings.keys()) if (live._documentIds.has(doc)) df++;
          }
          if (df === 0) continue;
          const idf = Math.log(1 + (v.total - df + 0.5) / (df + 0.5));
          const avgLength = v.avgLength[f];
          if (frozenTerm >= 0) {
            seg.forEachPosting(frozenTerm, f, (doc, tf) => {
              if (v.deleted[doc] || !kept(doc, () => seg.meta(doc))) return;
              const length = fieldLength[doc * FIELDS.length + f];
              add(doc, t, boost * idf * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength))));
            });
          }
          if (!livePostings) continue;
          for (const [shortId, tf] of livePostings) {
            if (!live._documentIds.has(shortId)) continue; // discarded, not vacuumed yet
            const doc = frozen + shortId;
            if (!kept(doc, () => live._storedFields.get(shortId) as unknown as ChunkMeta)) continue;
            const length = live._fieldLength.get(shortId)?.[liveId] ?? 0;
            add(doc, t, boost * idf * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength))));
          }
        }
      }
      return this.best(v, touched, k, out);
    } finally {
      for (const doc of touched) {
        scores[doc] = 0;
        matched[doc] = 0;
        lastTerm[doc] = 0;
      }
      for (const doc of judged) verdict[doc] = 0;
    }
  }

  /** The k best of the touched documents; equal scores keep the order documents were first met. */
  private best(v: ScoringView, touched: readonly number[], k: number, out?: Float32Array): KeywordHit[] {
    const top: { doc: number; score: number }[] = [];
    for (const doc of touched) {
      const score = this.scores[doc] * this.matched[doc];
      if (out) out[doc] = score;
      if (top.length === k && score <= top[k - 1].score) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].score < score) at--;
      top.splice(at, 0, { doc, score });
      if (top.length > k) top.pop();
    }
    const frozen = v.segment.docCount;
    return top.map(({ doc, score }) => ({ id: doc < frozen ? v.segment.data.ids[doc] : (v.live._documentIds.get(doc - frozen) as string), score }));
  }
}
