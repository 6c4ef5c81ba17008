import type { MiniSearchInternals } from './internals';
import type { ChunkFilter, ChunkMeta, KeywordHit } from './keywordIndex';

/** minisearch's BM25+ defaults (k1, b, and the lower bound d for a matching term). */
const K1 = 1.2;
const B = 0.7;
const D = 0.5;

/**
 * BM25 top-k over minisearch's postings with the same formula and tie order as minisearch's own
 * OR search (sum over terms and fields of boost * BM25+, times the number of query terms matched),
 * but accumulating into reusable typed arrays and keeping only the best k, instead of allocating
 * a result object per matching document and sorting them all.
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

  /** `clean`: no discarded document lingers in the postings, so a posting list's size is its df. */
  search(x: MiniSearchInternals, terms: readonly string[], k: number, fieldBoost: Record<string, number>, clean: boolean, filter?: ChunkFilter): KeywordHit[] {
    this.ensureCapacity(x._nextId);
    const { scores, matched, lastTerm, verdict } = this;
    const touched: number[] = [];
    const judged: number[] = [];
    const total = x._documentCount;
    const fields = Object.entries(fieldBoost)
      .map(([name, boost]) => [x._fieldIds[name], boost] as const)
      .filter(([id]) => id !== undefined);
    try {
      for (let t = 0; t < terms.length; t++) {
        const data = x._index.get(terms[t]);
        if (!data) continue;
        for (const [fieldId, boost] of fields) {
          const postings = data.get(fieldId);
          if (!postings) continue;
          let df = clean ? postings.size : 0;
          if (!clean) for (const doc of postings.keys()) if (x._documentIds.has(doc)) df++;
          if (df === 0) continue;
          const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
          const avgLength = x._avgFieldLength[fieldId];
          for (const [doc, tf] of postings) {
            if (!x._documentIds.has(doc)) continue; // discarded, not vacuumed yet
            if (filter) {
              if (verdict[doc] === 0) {
                verdict[doc] = filter(x._storedFields.get(doc) as unknown as ChunkMeta) ? 1 : -1;
                judged.push(doc);
              }
              if (verdict[doc] < 0) continue;
            }
            const length = x._fieldLength.get(doc)?.[fieldId] ?? 0;
            const score = boost * idf * (D + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength)));
            if (matched[doc] === 0) touched.push(doc);
            scores[doc] += score;
            if (lastTerm[doc] !== t + 1) {
              lastTerm[doc] = t + 1;
              matched[doc]++;
            }
          }
        }
      }
      return this.best(x, touched, k);
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
  private best(x: MiniSearchInternals, touched: readonly number[], k: number): KeywordHit[] {
    const top: { doc: number; score: number }[] = [];
    for (const doc of touched) {
      const score = this.scores[doc] * this.matched[doc];
      if (top.length === k && score <= top[k - 1].score) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].score < score) at--;
      top.splice(at, 0, { doc, score });
      if (top.length > k) top.pop();
    }
    return top.map(({ doc, score }) => ({ id: x._documentIds.get(doc) as string, score }));
  }
}
