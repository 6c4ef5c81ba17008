import type { ChunkFilter } from '../../indexer/keyword';
import type { Chunk, RetrievedChunk } from '../../indexer/types';
import { boostFactor, maxBoostFactor, type BoostContext } from './boosts';
import type { ScoredId } from './fusion';

export interface SelectOptions {
  k: number;
  maxPerFile: number;
  filter?: ChunkFilter;
  ctx: BoostContext;
}

interface Ranked {
  hit: RetrievedChunk;
  hash: string;
}

function toRetrieved(chunk: Chunk, score: number): RetrievedChunk {
  const hit: RetrievedChunk = {
    id: chunk.id,
    path: chunk.path,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    language: chunk.language,
    kind: chunk.kind,
    score,
    text: chunk.text,
  };
  if (chunk.symbol) hit.symbol = chunk.symbol;
  // Documents: where a reader finds the passage (Chunk.page / Chunk.cell).
  if (chunk.page !== undefined) hit.page = chunk.page;
  if (chunk.cell !== undefined) hit.cell = chunk.cell;
  return hit;
}

/** The best k of `ranked` (boosted scores, best first), at most maxPerFile per file, one per distinct text. */
function capped(ranked: readonly Ranked[], k: number, maxPerFile: number): RetrievedChunk[] {
  // Array.prototype.sort is stable: equal scores keep fused order, as one sort over everything would.
  const sorted = [...ranked].sort((a, b) => b.hit.score - a.hit.score);
  const perFile = new Map<string, number>();
  const seenText = new Set<string>();
  const kept: RetrievedChunk[] = [];
  for (const { hit, hash } of sorted) {
    if (kept.length >= k) break;
    // The same text in two places (copied file, vendored module) would spend the budget twice.
    if (seenText.has(hash)) continue;
    const count = perFile.get(hit.path) ?? 0;
    if (count >= maxPerFile) continue;
    seenText.add(hash);
    perFile.set(hit.path, count + 1);
    kept.push(hit);
  }
  return kept;
}

/**
 * Boost, filter, dedupe and cap the fused candidates, fetching their chunks lazily: reading a
 * chunk's text costs a disk read, and most of the 2 x 4k candidates can never reach the top k. Batches
 * are fetched best first until the k-th kept score beats what the next candidate could reach
 * with the largest possible boost; the result equals boosting all candidates and sorting.
 */
export async function selectTop(
  fused: readonly ScoredId[],
  getChunks: (ids: string[], signal?: AbortSignal) => Promise<Chunk[]>,
  opts: SelectOptions,
  signal?: AbortSignal,
): Promise<RetrievedChunk[]> {
  const bound = maxBoostFactor(opts.ctx);
  const ranked: Ranked[] = [];
  let next = 0;
  let batch = Math.max(2 * opts.k, 16);
  let kept: RetrievedChunk[] = [];
  while (next < fused.length) {
    const slice = fused.slice(next, next + batch);
    next += slice.length;
    batch *= 2;
    const chunks = new Map((await getChunks(slice.map((f) => f.id), signal)).map((c) => [c.id, c]));
    signal?.throwIfAborted();
    for (const { id, score } of slice) {
      const chunk = chunks.get(id);
      // Missing: the store dropped it since the search (a concurrent update). Filtered: a side that
      // ignored the filter must not leak chunks outside the scope.
      if (!chunk || (opts.filter && !opts.filter(chunk))) continue;
      ranked.push({ hit: toRetrieved(chunk, score * boostFactor(chunk, opts.ctx)), hash: chunk.hash });
    }
    kept = capped(ranked, opts.k, opts.maxPerFile);
    if (kept.length === opts.k && next < fused.length && kept[opts.k - 1].score >= fused[next].score * bound) break;
  }
  return kept;
}
