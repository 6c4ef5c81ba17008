/**
 * The MCP search tool over every served folder, through each folder index's one search path (the
 * same `Searcher` the CLI and the chat panel use). Folders that cannot be searched (no index yet)
 * become notes; only when none can is the call a tool error.
 */
import { isAbsolute } from 'node:path';
import type { SearchRequest } from '../indexer/search';
import type { SearchMode } from '../indexer/types';
import { relativeInside } from '../util/pathSafety';
import { ToolError } from './toolError';
import type { McpFolders } from './folders';
import type { FolderHit } from './passages';

export const SEARCH_K_DEFAULT = 8;
export const SEARCH_K_MAX = 50;

export interface FoldersSearchResult {
  hits: FolderHit[];
  mode: SearchMode;
  /** Keyword fallback, folders without an index: what the agent should know about the result. */
  notes: string[];
}

/** `prefix` as a path relative to `folder`, or undefined when it points outside it. */
function prefixIn(folder: string, prefix: string | undefined): string | undefined | null {
  if (prefix === undefined || prefix.trim() === '') return undefined;
  if (!isAbsolute(prefix)) return prefix.replace(/\\/g, '/').replace(/^\.\//, '');
  return relativeInside(folder, prefix) ?? null;
}

export async function searchFolders(folders: McpFolders, request: Omit<SearchRequest, 'pathPrefix'> & { pathPrefix?: string }): Promise<FoldersSearchResult> {
  const k = request.k ?? SEARCH_K_DEFAULT;
  const notes: string[] = [];
  const errors: ToolError[] = [];
  const perFolder = await Promise.all(
    (await folders.all()).map(async ({ f, index, error }) => {
      if (!index) {
        if (error) errors.push(error);
        return undefined;
      }
      const pathPrefix = prefixIn(f.folder, request.pathPrefix);
      if (pathPrefix === null) return undefined;
      const result = await index.search({ ...request, k, pathPrefix });
      return { f, result };
    }),
  );
  const searched = perFolder.filter((r) => r !== undefined);
  if (searched.length === 0) {
    if (errors.length) throw new ToolError(errors.map((e) => e.message).join(' '), errors[0].advice);
    throw new ToolError(`No served folder contains ${request.pathPrefix}.`, 'Give path relative to the project, e.g. "src/auth".');
  }
  for (const e of errors) notes.push(e.text);
  const fallbacks = new Set(searched.map((s) => s.result.fallbackReason).filter((r) => r !== undefined));
  for (const reason of fallbacks) notes.push(`${reason.replace(/[.\s]+$/, '')}; these are keyword results only.`);
  const hits = searched
    .flatMap(({ f, result }) => result.hits.map((h) => ({ ...h, folder: f.folder })))
    // Scores of one fusion over different folders are comparable enough to interleave the best.
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
  const mode = searched.some((s) => s.result.mode !== 'keyword') ? (request.mode ?? 'hybrid') : 'keyword';
  return { hits, mode, notes };
}
