import type MiniSearch from 'minisearch';
import { internalsOf } from './internals';

/**
 * How many documents hold `term` in their most common field (discarded documents not yet vacuumed
 * still count), or undefined when minisearch's internals are not readable.
 */
export function documentFrequency<T>(ms: MiniSearch<T>, term: string): number | undefined {
  const x = internalsOf(ms);
  if (!x) return undefined;
  const data = x._index.get(term);
  if (data === undefined) return 0;
  let max = 0;
  for (const postings of data.values()) max = Math.max(max, postings.size);
  return max;
}

/** Below this many documents every query term is cheap enough to score. */
const PRUNE_FROM_DOCS = 5000;
/** A term in more than this share of documents has an IDF near zero (BM25: ln(1 + 0.85/0.15) = 1.9 at most, against ~10 for a rare term). */
const COMMON_SHARE = 0.15;

/**
 * The query terms worth scoring. In a large index, terms present in a big share of the chunks
 * barely move the ranking, yet walking their posting lists is most of a query's time. They are
 * dropped when a rarer term remains; a query made only of common terms keeps its two rarest.
 */
export function selectTerms<T>(ms: MiniSearch<T>, terms: readonly string[]): string[] {
  const docs = ms.documentCount;
  if (docs < PRUNE_FROM_DOCS) return [...terms];
  const withDf = terms.map((term) => ({ term, df: documentFrequency(ms, term) }));
  if (withDf.some((t) => t.df === undefined)) return [...terms];
  const limit = docs * COMMON_SHARE;
  const present = withDf.filter((t) => (t.df ?? 0) > 0);
  const rare = present.filter((t) => (t.df ?? 0) <= limit);
  if (rare.length > 0) return rare.map((t) => t.term);
  return present
    .sort((a, b) => (a.df ?? 0) - (b.df ?? 0))
    .slice(0, 2)
    .map((t) => t.term);
}
