export interface ScoredId {
  id: string;
  score: number;
}

/** The constant of Cormack et al. (2009); it damps the advantage of the very first ranks. */
export const DEFAULT_RRF_K = 60;

/**
 * Weighted reciprocal rank fusion: score(d) = sum over lists i of weights[i] / (k + rank_i(d)), with
 * 1-based ranks. Only ranks matter, so scores from different scales (cosine, BM25) need no
 * normalisation. Each list must be best first; a repeated id counts at its first (best) rank.
 * Ties keep the order in which ids were first met.
 */
export function reciprocalRankFusion(lists: readonly (readonly ScoredId[])[], weights: readonly number[], k = DEFAULT_RRF_K): ScoredId[] {
  if (weights.length !== lists.length) {
    throw new RangeError(`reciprocalRankFusion: ${lists.length} lists but ${weights.length} weights`);
  }
  const scores = new Map<string, number>();
  lists.forEach((list, i) => {
    const seen = new Set<string>();
    list.forEach((hit, index) => {
      if (seen.has(hit.id)) return;
      seen.add(hit.id);
      scores.set(hit.id, (scores.get(hit.id) ?? 0) + weights[i] / (k + index + 1));
    });
  });
  // Array.prototype.sort is stable, so equal scores stay in first-met order.
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
