import type { ScoredId } from './fusion';

/** Candidates of a file that count towards its evidence besides the best one, and their decay. */
const SUPPORT_DEPTH = 2;
const SUPPORT_DECAY = 0.5;

/**
 * Fused candidates rescored with their file's evidence: a file whose code matches the query in
 * several places is likelier the answer than one with a single lucky chunk, which a per-chunk
 * ranking cannot see (a whole-file BM25 keeps such files where Lore lost them). Each file gets the
 * factor 1 + weight * (s2 + s3 / 2) / s1 over its candidates' scores s1 >= s2 >= s3, and every
 * candidate of the file is multiplied by it: the order inside a file stays, a file with one chunk
 * keeps its score. Candidates whose file is unknown are left as they are. Best first.
 */
export function withFileSupport(fused: readonly ScoredId[], pathOf: (id: string) => string | undefined, weight: number): ScoredId[] {
  if (weight <= 0 || fused.length === 0) return [...fused];
  const byFile = new Map<string, number[]>();
  for (const c of fused) {
    const path = c.path ?? pathOf(c.id);
    if (path === undefined || c.score <= 0) continue;
    const scores = byFile.get(path);
    if (scores) scores.push(c.score);
    else byFile.set(path, [c.score]);
  }
  const factor = new Map<string, number>();
  for (const [path, scores] of byFile) {
    if (scores.length < 2) continue;
    scores.sort((a, b) => b - a);
    let support = 0;
    for (let i = 1; i <= SUPPORT_DEPTH && i < scores.length; i++) support += scores[i] * SUPPORT_DECAY ** (i - 1);
    factor.set(path, 1 + (weight * support) / scores[0]);
  }
  return fused
    .map((c) => {
      const path = c.path ?? pathOf(c.id);
      const f = path === undefined ? undefined : factor.get(path);
      return f === undefined ? c : { ...c, score: c.score * f };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * Fused candidates rescored with the title's evidence: a bug report's first line is its author's
 * summary (`LaTeX printer drops brackets`), while its body's setup code and output name everything
 * the example touches. `titleHits` are the keyword hits of the title alone (best first); every
 * candidate of a file among them is multiplied by 1 + weight * s / s1, with s the file's best title
 * score and s1 the best of all. Best first.
 */
export function withTitleSupport(fused: readonly ScoredId[], titleHits: readonly ScoredId[], pathOf: (id: string) => string | undefined, weight: number): ScoredId[] {
  const top = titleHits[0]?.score ?? 0;
  if (weight <= 0 || top <= 0) return [...fused];
  const best = new Map<string, number>();
  for (const h of titleHits) {
    const path = h.path ?? pathOf(h.id);
    if (path !== undefined && !best.has(path)) best.set(path, h.score);
  }
  return fused
    .map((c) => {
      const path = c.path ?? pathOf(c.id);
      const s = path === undefined ? undefined : best.get(path);
      return s === undefined || s <= 0 ? c : { ...c, score: c.score * (1 + (weight * s) / top) };
    })
    .sort((a, b) => b.score - a.score);
}
