import { analyzeQuery, type ChunkFilter } from '../../indexer/keyword';
import type { Chunk, RetrievedChunk, SearchMode } from '../../indexer/types';
import { boostFactor, type BoostContext } from './boosts';
import { DEFAULT_RRF_K, reciprocalRankFusion, scoreFusion, type ScoredId } from './fusion';
import { mergeAdjacent } from './mergeAdjacent';

export type { ChunkFilter } from '../../indexer/keyword';

export interface RetrievalDeps {
  /** Undefined when vectors are unavailable (Ollama down, no vectors yet): retrieval is keyword-only. */
  vectorSearch?: (query: string, k: number, filter?: ChunkFilter, signal?: AbortSignal) => Promise<ScoredId[]>;
  keywordSearch: (query: string, k: number, filter?: ChunkFilter) => ScoredId[];
  getChunks: (ids: string[], signal?: AbortSignal) => Promise<Chunk[]>;
}

export type RetrievalScope = 'all' | 'code' | 'docs';

export interface RetrievalOptions {
  mode: SearchMode;
  /** Chunks wanted (before adjacent ones of a file are merged). */
  k: number;
  /** Candidates taken from each side before fusion; default 4k. */
  candidates?: number;
  /** Fusion weights; default equal. */
  weights?: { vector: number; keyword: number };
  rrfK?: number;
  fusion?: 'rrf' | 'score';
  /** Chunks kept per file before merging; default 3. */
  maxPerFile?: number;
  boosts?: { activeFile?: string; recentFiles?: string[] };
  /** 'code' keeps code chunks, 'docs' Markdown and plain text. */
  scope?: RetrievalScope;
  /** Keep chunks of this file or folder only (workspace-relative, POSIX). */
  pathPrefix?: string;
}

export const DEFAULT_MAX_PER_FILE = 3;

/** The filter both sides apply, or undefined when nothing is filtered. */
export function scopeFilter(scope: RetrievalScope = 'all', pathPrefix?: string): ChunkFilter | undefined {
  const prefix = pathPrefix?.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const kindOk = scope === 'code' ? (k: string) => k === 'code' : scope === 'docs' ? (k: string) => k !== 'code' : undefined;
  if (!kindOk && !prefix) return undefined;
  // A folder prefix matches at a path-segment boundary: `src/chat` must not take `src/chatbot.ts`.
  const pathOk = prefix ? (p: string) => p === prefix || p.startsWith(`${prefix}/`) : undefined;
  return (c) => (!kindOk || kindOk(c.kind)) && (!pathOk || pathOk(c.path));
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
  if (chunk.page !== undefined) hit.page = chunk.page;
  if (chunk.cell !== undefined) hit.cell = chunk.cell;
  return hit;
}

/**
 * Hybrid retrieval: vector top-N on the whole query and keyword top-N on its analysed form, fused by
 * weighted reciprocal rank, then boosted (active/recent file, files and lines the query names,
 * identifiers defined by the chunk), deduplicated, capped per file and merged where chunks of a
 * file touch. Best first.
 */
export async function retrieve(query: string, deps: RetrievalDeps, opts: RetrievalOptions, signal?: AbortSignal): Promise<RetrievedChunk[]> {
  signal?.throwIfAborted();
  if (opts.k <= 0 || query.trim() === '') return [];
  const analysis = analyzeQuery(query);
  const candidates = opts.candidates ?? opts.k * 4;
  const filter = scopeFilter(opts.scope, opts.pathPrefix);
  const useVector = opts.mode !== 'keyword' && deps.vectorSearch !== undefined;
  const useKeyword = opts.mode !== 'vector' || !useVector;

  // Start the (slow, remote) vector side first; the keyword side is synchronous and runs meanwhile.
  const vectorPending = useVector ? deps.vectorSearch?.(query, candidates, filter, signal) : undefined;
  const keywordHits = useKeyword ? deps.keywordSearch(analysis.keywordQuery, candidates, filter) : [];
  const vectorHits = (await vectorPending) ?? [];
  signal?.throwIfAborted();

  const weights = opts.weights ?? { vector: 1, keyword: 1 };
  const lists: ScoredId[][] = [];
  const listWeights: number[] = [];
  if (useVector) {
    lists.push(vectorHits);
    listWeights.push(weights.vector);
  }
  if (useKeyword) {
    lists.push(keywordHits);
    listWeights.push(weights.keyword);
  }
  const fused = opts.fusion === 'score' ? scoreFusion(lists, listWeights) : reciprocalRankFusion(lists, listWeights, opts.rrfK ?? DEFAULT_RRF_K);
  if (fused.length === 0) return [];

  const chunks = new Map((await deps.getChunks(fused.map((f) => f.id), signal)).map((c) => [c.id, c]));
  signal?.throwIfAborted();
  const ctx: BoostContext = {
    activeFile: opts.boosts?.activeFile,
    recentFiles: new Set(opts.boosts?.recentFiles ?? []),
    pathHints: analysis.pathHints,
    identifiers: new Set(analysis.identifiers.map((i) => i.toLowerCase())),
  };
  const ranked: RetrievedChunk[] = [];
  for (const { id, score } of fused) {
    const chunk = chunks.get(id);
    // Missing: the store dropped it since the search (a concurrent update). Filtered: a side that
    // ignored the filter must not leak chunks outside the scope.
    if (!chunk || (filter && !filter(chunk))) continue;
    ranked.push(toRetrieved(chunk, score * boostFactor(chunk, ctx)));
  }
  ranked.sort((a, b) => b.score - a.score);

  const maxPerFile = opts.maxPerFile ?? DEFAULT_MAX_PER_FILE;
  const perFile = new Map<string, number>();
  const seenText = new Set<string>();
  const kept: RetrievedChunk[] = [];
  for (const hit of ranked) {
    if (kept.length >= opts.k) break;
    const hash = chunks.get(hit.id)?.hash ?? hit.id;
    // The same text in two places (copied file, vendored module) would spend the budget twice.
    if (seenText.has(hash)) continue;
    const count = perFile.get(hit.path) ?? 0;
    if (count >= maxPerFile) continue;
    seenText.add(hash);
    perFile.set(hit.path, count + 1);
    kept.push(hit);
  }
  return mergeAdjacent(kept);
}
