export interface ScoredId {
  id: string;
  score: number;
  /** The chunk's file, when the side that found it knows it: selection can then skip chunks of files already full. */
  path?: string;
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

/**
 * Distribution-based score fusion: each list's scores are standardised by its own mean and
 * standard deviation, mapped from [mean - 3 sd, mean + 3 sd] onto [0, 1] (higher stays above 1), weighted and summed; a
 * document absent from a list gets 0 there. Unlike RRF, the shape of each list survives: a side
 * that cannot tell its candidates apart (a weak model, all cosines alike) spreads them over a
 * narrow band and leaves the order to the side that is sure, and one outstanding hit stays
 * outstanding. Unlike min-max, one outlier does not squash everyone else to zero. Qdrant's
 * hybrid queries call this DBSF; Bruch et al. (2023, "An Analysis of Fusion Functions for Hybrid
 * Retrieval") show score-based convex combinations beat RRF in and out of domain.
 */
export function distributionFusion(lists: readonly (readonly ScoredId[])[], weights: readonly number[]): ScoredId[] {
  if (weights.length !== lists.length) {
    throw new RangeError(`distributionFusion: ${lists.length} lists but ${weights.length} weights`);
  }
  const scores = new Map<string, number>();
  lists.forEach((raw, i) => {
    const seen = new Set<string>();
    const list = raw.filter((h) => !seen.has(h.id) && seen.add(h.id));
    if (list.length === 0) return;
    const mean = list.reduce((s, h) => s + h.score, 0) / list.length;
    const sd = Math.sqrt(list.reduce((s, h) => s + (h.score - mean) ** 2, 0) / list.length);
    for (const h of list) {
      // All scores equal: the list ranks nothing, every member sits mid-band. No upper clip: an
      // outstanding hit (z > 3) is the strongest evidence there is (clipping it cost 1-10 points
      // of Acc@1 on the eval). The floor keeps a listed document above an absent one.
      const norm = sd > 0 ? Math.max(0, (h.score - (mean - 3 * sd)) / (6 * sd)) : 0.5;
      scores.set(h.id, (scores.get(h.id) ?? 0) + weights[i] * norm);
    }
  });
  // Array.prototype.sort is stable, so equal scores stay in first-met order.
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/**
 * The two candidate lists of hybrid search, completed: every candidate of either side with its
 * score on both sides, so distribution fusion compares like with like. Without this a document the
 * other side ranked 101st counts as if that side had scored it lowest of all (truncation bias), and
 * each side's statistics describe only its own top list. `vectorScoreOf` is undefined for a chunk
 * without a vector (it then has no vector evidence, as before); `keywordScoreOf` is 0 when no term
 * matches. Order: vector hits, then keyword-only ones (fusion keeps first-met order on ties).
 */
export function completeScoreLists(
  vectorHits: readonly ScoredId[],
  vectorScoreOf: (id: string) => number | undefined,
  keywordHits: readonly ScoredId[],
  keywordScoreOf: (id: string) => number,
): { vector: ScoredId[]; keyword: ScoredId[] } {
  const vectorScore = new Map<string, number>();
  const keywordScore = new Map<string, number>();
  for (const h of vectorHits) if (!vectorScore.has(h.id)) vectorScore.set(h.id, h.score);
  for (const h of keywordHits) if (!keywordScore.has(h.id)) keywordScore.set(h.id, h.score);
  const union = new Set([...vectorScore.keys(), ...keywordScore.keys()]);
  const vector: ScoredId[] = [];
  const keyword: ScoredId[] = [];
  for (const id of union) {
    const v = vectorScore.get(id) ?? vectorScoreOf(id);
    if (v !== undefined) vector.push({ id, score: v });
    keyword.push({ id, score: keywordScore.get(id) ?? keywordScoreOf(id) });
  }
  return { vector, keyword };
}
