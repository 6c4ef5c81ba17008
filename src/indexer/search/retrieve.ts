import { analyzeQuery, type ChunkFilter } from '../keyword';
import type { ScoreTarget } from '../store/search';
import type { Chunk, RetrievedChunk, SearchMode, SearchScope } from '../types';
import { innermostFrameFile, type BoostContext } from './boosts';
import { completeScoreLists, DEFAULT_RRF_K, distributionFusion, reciprocalRankFusion, type ScoredId } from './fusion';
import { withFileSupport, withTitleSupport } from './fileEvidence';
import { mergeAdjacent } from './mergeAdjacent';
import { queryIntent, roleFactorsFor, topicLine } from '../query/intent';
import { modulePathStems } from '../query/modulePaths';
import { selectTop } from './select';

export type { ChunkFilter } from '../keyword';

export interface RetrievalDeps {
  /** Undefined when vectors are unavailable (Ollama down, no vectors yet): retrieval is keyword-only. */
  vectorSearch?: (query: string, k: number, filter?: ChunkFilter, signal?: AbortSignal) => Promise<ScoredId[]>;
  keywordSearch: (query: string, k: number, filter?: ChunkFilter) => ScoredId[];
  getChunks: (ids: string[], signal?: AbortSignal) => Promise<Chunk[]>;
  /**
   * Optional, for complete-score fusion in hybrid mode (both must be given): the keyword search
   * that can also tell the score of any other chunk, and the vector search that also scores the
   * given ids (its map leaves out chunks without a vector). `scoreIds` is called once, when the
   * store is ready to scan, so the keyword side can run while the store checks its files; an id
   * given with its file's path is looked up in that file's shard only.
   */
  keywordSearchScored?: (query: string, k: number, filter?: ChunkFilter) => { hits: ScoredId[]; scoreOf: (id: string) => number };
  vectorSearchScored?: (
    query: string,
    k: number,
    filter: ChunkFilter | undefined,
    scoreIds: () => readonly ScoreTarget[],
    signal?: AbortSignal,
  ) => Promise<{ hits: ScoredId[]; scores: ReadonlyMap<string, number> }>;
}

export interface RetrievalOptions {
  mode: SearchMode;
  /** Chunks wanted (before adjacent ones of a file are merged). */
  k: number;
  /** Candidates taken from each side before fusion; default max(4k, 100). */
  candidates?: number;
  /** Fusion weights; default equal. */
  weights?: { vector: number; keyword: number };
  /** How hybrid mode fuses the two lists; default 'dbsf' (see distributionFusion). */
  fusion?: 'dbsf' | 'rrf';
  /**
   * DBSF over both sides' exact scores of every candidate when the deps can score beyond their top
   * list (default true); false fuses the two truncated lists as they are.
   */
  completeScores?: boolean;
  /** RRF's constant, when fusion is 'rrf'. */
  rrfK?: number;
  /** Chunks kept per file before merging; default 3. */
  maxPerFile?: number;
  boosts?: { activeFile?: string; recentFiles?: string[] };
  /** 'code' keeps code chunks, 'docs' Markdown and plain text. */
  scope?: SearchScope;
  /** Keep chunks of this file or folder only (workspace-relative, POSIX). */
  pathPrefix?: string;
  /**
   * Factor on chunks of tests, docs, changelogs and examples when the query reads like a bug report
   * (queryIntent); default DEFAULT_REPORT_DEMOTION, 1 turns it off.
   */
  reportDemotion?: number;
  /** Factor on a chunk defining an identifier a bug report names (locate questions); default BOOST.identifierInSymbol. */
  definitionBoost?: number;
  /** Factor on chunks of a module the query names in dotted form (`pkg.sub.mod`); default DEFAULT_MODULE_BOOST, 1 off. */
  moduleBoost?: number;
  /** Factor on chunks of the innermost workspace frame's file of a pasted trace; default BOOST.innermostFrame, 1 off. */
  innermostFrameBoost?: number;
  /** Weight of a locate question's title in its files' scores (withTitleSupport); default DEFAULT_TITLE_SUPPORT, 0 off. */
  titleSupport?: number;
  /** Weight of a file's other candidates in its chunks' scores (withFileSupport); default DEFAULT_FILE_SUPPORT, 0 off. */
  fileSupport?: number;
}

const DEFAULT_MAX_PER_FILE = 3;
export const DEFAULT_REPORT_DEMOTION = 0.5;
export const DEFAULT_FILE_SUPPORT = 0.5;
export const DEFAULT_MODULE_BOOST = 1;
export const DEFAULT_TITLE_SUPPORT = 0.25;
const MIN_CANDIDATES = 100;

/** The filter both sides apply, or undefined when nothing is filtered. */
export function scopeFilter(scope: SearchScope = 'all', pathPrefix?: string): ChunkFilter | undefined {
  const prefix = pathPrefix?.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const kindOk = scope === 'code' ? (k: string) => k === 'code' : scope === 'docs' ? (k: string) => k !== 'code' : undefined;
  if (!kindOk && !prefix) return undefined;
  // A folder prefix matches at a path-segment boundary: `src/chat` must not take `src/chatbot.ts`.
  const pathOk = prefix ? (p: string) => p === prefix || p.startsWith(`${prefix}/`) : undefined;
  return (c) => (!kindOk || kindOk(c.kind)) && (!pathOk || pathOk(c.path));
}

/**
 * Hybrid retrieval: vector top-N on the whole query and keyword top-N on its analysed form, fused by
 * distribution-based score fusion (each side's exact score of every candidate of either side, when
 * the deps can tell it), then boosted (active/recent file, files and lines the query names,
 * identifiers defined by the chunk), deduplicated, capped per file and merged where chunks of a
 * file touch. Best first.
 */
export async function retrieve(query: string, deps: RetrievalDeps, opts: RetrievalOptions, signal?: AbortSignal): Promise<RetrievedChunk[]> {
  signal?.throwIfAborted();
  if (opts.k <= 0 || query.trim() === '') return [];
  const analysis = analyzeQuery(query);
  // Fusion normalises each side by its candidates' score distribution, so the depth must not
  // shrink with k: 100 is enough for a stable mean and spread and cheap on both sides.
  const candidates = opts.candidates ?? Math.max(opts.k * 4, MIN_CANDIDATES);
  const filter = scopeFilter(opts.scope, opts.pathPrefix);
  const useVector = opts.mode !== 'keyword' && deps.vectorSearch !== undefined;
  const useKeyword = opts.mode !== 'vector' || !useVector;

  const weights = opts.weights ?? { vector: 1, keyword: 1 };
  const fusion = opts.fusion ?? 'dbsf';
  const { keywordSearchScored, vectorSearchScored } = deps;
  let fused: ScoredId[];
  // Files of the candidates, as the sides report them (fusion keeps only ids and scores).
  const paths = new Map<string, string>();
  const notePaths = (hits: readonly ScoredId[]): void => {
    for (const h of hits) if (h.path) paths.set(h.id, h.path);
  };
  const pathOf = (id: string) => paths.get(id);
  const intent = queryIntent(query);
  // File evidence for locate questions only (measured there; the doc-comment and heading tables
  // ask for one definition or section, where a file's other matches are noise).
  const support = intent.locate ? (opts.fileSupport ?? DEFAULT_FILE_SUPPORT) : 0;
  if (opts.mode === 'hybrid' && useVector && fusion === 'dbsf' && (opts.completeScores ?? true) && keywordSearchScored && vectorSearchScored) {
    // The vector side starts first and awaits the store's freshness check; the keyword side
    // (synchronous, one pass over the postings) runs meanwhile. The vector scan then scores the
    // keyword candidates in its pass over every row, and the keyword snapshot scores the vector hits.
    let keywordSide: ReturnType<typeof keywordSearchScored> | undefined;
    const keywordOnce = () => (keywordSide ??= keywordSearchScored(analysis.keywordQuery, candidates, filter));
    const targets = () => keywordOnce().hits.map((h): ScoreTarget => (h.path ? { id: h.id, path: h.path } : h.id));
    const vectorPending = vectorSearchScored(query, candidates, filter, targets, signal);
    const kw = keywordOnce();
    const vec = await vectorPending;
    signal?.throwIfAborted();
    notePaths(vec.hits);
    notePaths(kw.hits);
    const sides = completeScoreLists(vec.hits, (id) => vec.scores.get(id), kw.hits, kw.scoreOf);
    fused = withFileSupport(distributionFusion([sides.vector, sides.keyword], [weights.vector, weights.keyword]), pathOf, support);
  } else {
    // Start the (slow, remote) vector side first; the keyword side is synchronous and runs meanwhile.
    const vectorPending = useVector ? deps.vectorSearch?.(query, candidates, filter, signal) : undefined;
    const keywordHits = useKeyword ? deps.keywordSearch(analysis.keywordQuery, candidates, filter) : [];
    const vectorHits = (await vectorPending) ?? [];
    signal?.throwIfAborted();
    notePaths(vectorHits);
    notePaths(keywordHits);
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
    // One list (keyword or vector mode, or no vectors): RRF keeps its order and gives the boosts the
    // rank scale they were sized for. Two lists: distribution-based fusion unless asked otherwise.
    // A file's evidence is read from scores, never from RRF's ranks (every third candidate would
    // look alike): on the fused scores of two lists, on BM25's own scores in keyword mode. Not on
    // raw cosines: they crowd into a narrow band, so every file with three candidates would look
    // supported (vector-only F@5 47.7 -> 37.2 on the bug set).
    fused =
      lists.length > 1 && fusion === 'dbsf'
        ? withFileSupport(distributionFusion(lists, listWeights), pathOf, support)
        : reciprocalRankFusion(lists.length === 1 && !useVector ? [withFileSupport(lists[0], pathOf, support)] : lists, listWeights, opts.rrfK ?? DEFAULT_RRF_K);
  }
  if (fused.length === 0) return [];
  // The title of a report is its author's summary; the body's setup code names everything it touches.
  const title = intent.locate && (opts.titleSupport ?? DEFAULT_TITLE_SUPPORT) > 0 ? topicLine(query) : '';
  const titleQuery = title && title !== query.trim() ? analyzeQuery(title).keywordQuery : '';
  // Not in vector-only mode: the title is read by the keyword side.
  if (titleQuery && useKeyword) fused = withTitleSupport(fused, deps.keywordSearch(titleQuery, candidates, filter), pathOf, opts.titleSupport ?? DEFAULT_TITLE_SUPPORT);

  const ctx: BoostContext = {
    activeFile: opts.boosts?.activeFile,
    recentFiles: new Set(opts.boosts?.recentFiles ?? []),
    pathHints: analysis.pathHints,
    identifiers: new Set(analysis.identifiers.map((i) => i.toLowerCase())),
    definitionBoost: intent.locate ? opts.definitionBoost : undefined,
    moduleStems: modulePathStems(query),
    moduleBoost: opts.moduleBoost ?? DEFAULT_MODULE_BOOST,
    roleFactors: roleFactorsFor(intent, opts.reportDemotion ?? DEFAULT_REPORT_DEMOTION),
    innermostFrameFile: innermostFrameFile(analysis.frames, paths.values()),
    innermostFrameBoost: opts.innermostFrameBoost,
  };
  const maxPerFile = opts.maxPerFile ?? DEFAULT_MAX_PER_FILE;
  const kept = await selectTop(fused, deps.getChunks, { k: opts.k, maxPerFile, filter, ctx, pathOf }, signal);
  return mergeAdjacent(kept);
}
