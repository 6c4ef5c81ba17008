/** Below this many documents every query term is cheap enough to score. */
const PRUNE_FROM_DOCS = 5000;
/** A term in more than this share of documents has an IDF near zero (BM25: ln(1 + 0.85/0.15) = 1.9 at most, against ~10 for a rare term). */
const COMMON_SHARE = 0.15;

/**
 * The query terms worth scoring. In a large index, terms present in a big share of the chunks
 * barely move the ranking, yet walking their posting lists is most of a query's time. They are
 * dropped when a rarer term remains; a query made only of common terms keeps its two rarest.
 * `documentFrequency`: documents holding the term in its most common field (removed documents
 * not yet merged away may still count).
 */
export function selectTerms(docs: number, terms: readonly string[], documentFrequency: (term: string) => number): string[] {
  if (docs < PRUNE_FROM_DOCS) return [...terms];
  const withDf = terms.map((term) => ({ term, df: documentFrequency(term) }));
  const limit = docs * COMMON_SHARE;
  const present = withDf.filter((t) => t.df > 0);
  const rare = present.filter((t) => t.df <= limit);
  if (rare.length > 0) return rare.map((t) => t.term);
  return present
    .sort((a, b) => a.df - b.df)
    .slice(0, 2)
    .map((t) => t.term);
}
