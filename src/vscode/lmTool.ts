import * as vscode from 'vscode';
import type { Searcher } from '../indexer/search';
import { isSearchMode, isSearchScope } from '../indexer/types';
import type { FolderHit } from '../indexer/workspaceIndex';
import { renderSearch, toPassages } from '../mcp/passages';
import { SEARCH_K_DEFAULT, SEARCH_K_MAX } from '../mcp/search';
import { toAbortSignal } from './lifecycle';

/** Name in package.json `contributes.languageModelTools`. */
export const LORE_SEARCH_TOOL = 'lore_search';

/** The tool's input, as its `inputSchema` in package.json declares it. */
export interface LoreSearchInput {
  query: string;
  k?: number;
  scope?: string;
  mode?: string;
  path?: string;
}

export interface LmToolDeps {
  /** The workspace index (loaded on first use). */
  searcher: () => Promise<Searcher<FolderHit>>;
  /** Absolute folder for a relative `path` filter: the first workspace folder, as agents write paths from it. */
  baseFolder: () => string | undefined;
}

/** An agent's bad input, reported to the model as the tool's result so it can correct the call. */
function invalid(input: LoreSearchInput): string | undefined {
  if (typeof input.query !== 'string' || !input.query.trim()) return 'query must be a non-empty string.';
  if (input.k !== undefined && (!Number.isInteger(input.k) || input.k < 1 || input.k > SEARCH_K_MAX)) return `k must be an integer from 1 to ${SEARCH_K_MAX}.`;
  if (input.scope !== undefined && !isSearchScope(input.scope)) return 'scope must be all, code or docs.';
  if (input.mode !== undefined && !isSearchMode(input.mode)) return 'mode must be hybrid, vector or keyword.';
  return undefined;
}

const text = (t: string) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(t)]);

/**
 * `lore_search` for VS Code's agent mode: the same search as the Lore panel (the workspace index's
 * Searcher), answered as Markdown passages with `path:start-end` citations, the MCP server's format.
 */
export class LoreSearchTool implements vscode.LanguageModelTool<LoreSearchInput> {
  constructor(private readonly deps: LmToolDeps) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<LoreSearchInput>): vscode.PreparedToolInvocation {
    return { invocationMessage: `Searching Lore's index for "${String(options.input.query ?? '').slice(0, 80)}"` };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<LoreSearchInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const input = options.input;
    const problem = invalid(input);
    if (problem) return text(`Invalid input: ${problem}`);
    const signal = toAbortSignal(token);
    try {
      const searcher = await this.deps.searcher();
      const base = this.deps.baseFolder();
      // The workspace index names files by absolute path; agents write them relative to the workspace.
      const pathPrefix = input.path && base && !/^([a-zA-Z]:)?[\\/]/.test(input.path) ? vscode.Uri.joinPath(vscode.Uri.file(base), input.path).fsPath : input.path;
      const result = await searcher.search({
        query: input.query,
        k: input.k ?? SEARCH_K_DEFAULT,
        scope: isSearchScope(input.scope) ? input.scope : 'all',
        mode: isSearchMode(input.mode) ? input.mode : 'hybrid',
        pathPrefix,
        signal,
      });
      const notes = result.fallbackReason ? [`${result.fallbackReason.replace(/[.\s]+$/, '')}; these are keyword results only.`] : [];
      const folders = new Set(result.hits.map((h) => h.folder));
      return text(renderSearch(input.query, toPassages(result.hits), notes, folders.size > 1));
    } catch (err) {
      if (token.isCancellationRequested) throw err;
      const advice = err && typeof err === 'object' && 'advice' in err ? String(err.advice) : err instanceof Error ? err.message : String(err);
      return text(`Lore could not search: ${advice}`);
    }
  }
}

/** Registers the tool where this VS Code has the API (1.95+; the manifest floor is 1.100). */
export function registerLoreSearchTool(deps: LmToolDeps): vscode.Disposable | undefined {
  if (typeof vscode.lm?.registerTool !== 'function') return undefined;
  return vscode.lm.registerTool(LORE_SEARCH_TOOL, new LoreSearchTool(deps));
}
