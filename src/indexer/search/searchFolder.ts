/**
 * One folder's search: embeds the query when vectors are available (else says why and searches by
 * keyword), then retrieves over the folder's store and keyword index. FolderIndex.search answers
 * through it.
 */
import type { Embedder } from '../embedder';
import { describeError } from '../describeError';
import type { KeywordIndex } from '../keyword';
import type { LoreStore } from '../store';
import type { SearchMode } from '../types';
import { DEFAULT_SEARCH_K, type SearchRequest, type SearchResult } from './request';
import { retrieve, type RetrievalDeps } from './retrieve';

export interface FolderSearchDeps {
  store: Pick<LoreStore, 'stats' | 'vectorSearch' | 'vectorSearchScored' | 'getChunks'>;
  keyword: Pick<KeywordIndex, 'search' | 'searchScored'>;
  /** null: keyword-only. */
  embedder: Embedder | null;
  /** Why vectors are not available in this session (Ollama down, model missing). */
  vectorsUnavailable?: string;
}

export async function searchFolder(deps: FolderSearchDeps, request: SearchRequest): Promise<SearchResult> {
  const { query, signal } = request;
  const wanted: SearchMode = request.mode ?? 'hybrid';
  let fallbackReason: string | undefined;
  let vectorSearch: RetrievalDeps['vectorSearch'];
  let vectorSearchScored: RetrievalDeps['vectorSearchScored'];
  const embedder = deps.embedder;
  if (wanted !== 'keyword') {
    if (!embedder) fallbackReason = deps.vectorsUnavailable ?? 'no embedding model configured';
    else if (deps.store.stats().withVectors === 0) fallbackReason = 'the index has no vectors yet';
    else {
      try {
        const queryVector = await embedder.embedQuery(query, signal);
        vectorSearch = (_q, k, filter) => deps.store.vectorSearch(queryVector, k, filter);
        vectorSearchScored = (_q, k, filter, scoreIds) => deps.store.vectorSearchScored(queryVector, k, filter, scoreIds);
      } catch (err) {
        if (signal?.aborted) throw err;
        fallbackReason = describeError(err);
      }
    }
  }
  const mode: SearchMode = vectorSearch ? wanted : 'keyword';
  const hits = await retrieve(
    query,
    {
      vectorSearch,
      keywordSearch: (q, k, filter) => deps.keyword.search(q, k, filter),
      vectorSearchScored,
      keywordSearchScored: (q, k, filter) => deps.keyword.searchScored(q, k, filter),
      getChunks: (ids) => deps.store.getChunks(ids),
    },
    {
      mode,
      k: request.k ?? DEFAULT_SEARCH_K,
      scope: request.scope,
      pathPrefix: request.pathPrefix,
      boosts: { activeFile: request.activeFile, recentFiles: request.recentFiles },
      ...request.retrieval,
    },
    signal,
  );
  return { hits, mode, fallbackReason };
}
