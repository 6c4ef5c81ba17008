import type { ChunkFilter } from '../keyword';
import type { Chunk, RetrievedChunk } from '../types';
import { boostFactor, maxBoostFactor, type BoostContext } from './boosts';
import type { ScoredId } from './fusion';

export interface SelectOptions {
  k: number;
  maxPerFile: number;
  filter?: ChunkFilter;
  ctx: BoostContext;
  /** A candidate's file when known without reading the chunk; lets whole files' surplus go unread. */
  pathOf?: (id: string) => string | undefined;
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

/**
 * The best k of `ranked` (boosted scores, best first), at most maxPerFile per file, one per distinct
 * text; and for each file that already has maxPerFile such chunks, the boosted score of its last
 * one: a candidate of that file that cannot beat it can never be selected.
 */
function rankPass(ranked: readonly Ranked[], k: number, maxPerFile: number): { kept: RetrievedChunk[]; fullAt: Map<string, number> } {
  // Array.prototype.sort is stable: equal scores keep fused order, as one sort over everything would.
  const sorted = [...ranked].sort((a, b) => b.hit.score - a.hit.score);
  const perFile = new Map<string, number>();
  const seenText = new Set<string>();
  const kept: RetrievedChunk[] = [];
  const fullAt = new Map<string, number>();
  for (const { hit, hash } of sorted) {
    // The same text in two places (copied file, vendored module) would spend the budget twice.
    if (seenText.has(hash)) continue;
    const count = perFile.get(hit.path) ?? 0;
    if (count >= maxPerFile) continue;
    seenText.add(hash);
    perFile.set(hit.path, count + 1);
    if (count + 1 === maxPerFile) fullAt.set(hit.path, hit.score);
    // Past k nothing is kept, but the pass goes on: the files' counts are what lets later batches skip reads.
    if (kept.length < k) kept.push(hit);
  }
  return { kept, fullAt };
}

/**
 * Boost, filter, dedupe and cap the fused candidates, fetching their chunks lazily: reading a
 * chunk's text costs a disk read and a parse, and most of the candidates can never reach the top k.
 * Batches are fetched best first until the k-th kept score beats what the next candidate could reach
 * with the largest possible boost, skipping candidates whose file is already full (see rankPass);
 * the result equals boosting all candidates and sorting.
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
  let fullAt = new Map<string, number>();
  while (next < fused.length) {
    const slice: ScoredId[] = [];
    while (next < fused.length && slice.length < batch) {
      const candidate = fused[next++];
      const path = opts.pathOf?.(candidate.id);
      const full = path === undefined ? undefined : fullAt.get(path);
      // Its file already holds maxPerFile chunks this one cannot outscore even with the largest
      // boost (and a later candidate cannot displace them either): skip it without reading it.
      if (full !== undefined && full >= candidate.score * bound) continue;
      slice.push(candidate);
    }
    if (slice.length === 0) break;
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
    ({ kept, fullAt } = rankPass(ranked, opts.k, opts.maxPerFile));
    if (kept.length === opts.k && next < fused.length && kept[opts.k - 1].score >= fused[next].score * bound) break;
  }
  return kept;
}
