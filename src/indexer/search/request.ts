/**
 * The one shape of a search, from every caller (chat panel, CLI, eval, other assistants) down to a
 * folder's index, and the one interface both FolderIndex and WorkspaceIndex answer it through.
 */
import type { RetrievedChunk, SearchMode, SearchScope } from '../types';
import type { RetrievalOptions } from './retrieve';

/** Retrieval knobs for experiments (the eval compares variants with them) and the fusion weights. */
export type RetrievalKnobs = Pick<RetrievalOptions, 'completeScores' | 'fusion' | 'weights' | 'candidates' | 'reportDemotion' | 'fileSupport' | 'moduleBoost' | 'definitionBoost' | 'titleSupport' | 'innermostFrameBoost'>;

/**
 * Paths in a request name files the way the searcher does: relative to the folder (POSIX) for a
 * FolderIndex, absolute for a WorkspaceIndex (which maps them into each folder).
 */
export interface SearchRequest {
  query: string;
  /** Default 'hybrid'; falls back to keyword while vectors are unavailable. */
  mode?: SearchMode;
  /** Chunks wanted; default 8. */
  k?: number;
  scope?: SearchScope;
  /** Boosted (BOOST.activeFile). */
  activeFile?: string;
  /** Boosted a little (BOOST.recentFile), newest first. */
  recentFiles?: string[];
  /** Keep chunks of this file or folder only (`@folder:name`, a folder-scoped search). */
  pathPrefix?: string;
  signal?: AbortSignal;
  retrieval?: RetrievalKnobs;
}

export interface SearchResult<H extends RetrievedChunk = RetrievedChunk> {
  hits: H[];
  /** The mode actually used (keyword when vectors were unavailable). */
  mode: SearchMode;
  /** Why the requested mode could not be used. */
  fallbackReason?: string;
}

export interface Searcher<H extends RetrievedChunk = RetrievedChunk> {
  search(request: SearchRequest): Promise<SearchResult<H>>;
}

/** The number of chunks a request gets when it names none. */
export const DEFAULT_SEARCH_K = 8;
