/**
 * Asking a question of an index: the one path from a typed question to an answer, shared by the
 * chat panel (src/vscode/chatController.ts) and `lore ask` (src/cli/ask.ts), so both answer the same
 * question the same way. It narrows the search by the typed scope prefix (`@code`, `@docs`,
 * `@folder:name`; see scopePrefix.ts), optionally adds the chat model's search terms to the query
 * (queryRewrite.ts), retrieves through a Searcher and runs the turn (session.ts).
 * Pure: the caller maps the events to its output and keeps the history.
 */
import type { OllamaClient } from '../ollama';
import type { SearchRequest, SearchResult, Searcher } from '../indexer/search';
import type { RetrievedChunk, SearchScope } from '../indexer/types';
import type { ChatSelection, ChatTurn } from './history';
import { NOT_REWRITTEN, rewriteQuery, wantsRewrite, withSearchTerms } from './queryRewrite';
import { parseScopePrefix } from './scopePrefix';
import { runTurn, type ChatEvent } from './session';

/** A folder `@folder:name` can pick: its display name and the path its searcher knows it by. */
export interface AskFolder {
  name: string;
  path: string;
}

export interface AskDeps<H extends RetrievedChunk = RetrievedChunk> {
  /** A WorkspaceIndex in the editor, a FolderIndex in the CLI. */
  searcher: Searcher<H>;
  /** Folders `@folder:name` may pick (searched through `pathPrefix`); none: the prefix searches everything. */
  folders?: readonly AskFolder[];
  chat: Pick<OllamaClient, 'chatStream' | 'chat'>;
  /** Where the query rewrite says what it added, or why it added nothing (one line each). */
  log?: (line: string) => void;
}

/** What the settings and the editor add to every search of a question. */
export type AskSearchSettings = Omit<SearchRequest, 'query' | 'scope' | 'pathPrefix' | 'signal'>;

export interface AskInput {
  /** As typed, scope prefixes included. */
  question: string;
  /** The scope picked outside the text; a typed `@code` / `@docs` wins. Default 'all'. */
  scope?: SearchScope;
  history: ChatTurn[];
  selection?: ChatSelection;
  search: AskSearchSettings;
  model: string;
  /** Token budget of the prompt (sources + history + question). */
  budgetTokens: number;
  /**
   * Set: a report, traceback or "where is" question is first turned into search terms by the chat
   * model, within `timeoutMs` (`lore.rewriteQueries`, `--rewrite`). Unset: no such call.
   */
  rewrite?: { timeoutMs?: number };
}

/** No index yet (no folder open): the question is answered without sources. */
export const NOTHING_TO_SEARCH: Searcher<never> = { search: async () => ({ hits: [], mode: 'keyword' }) };

export type AskEvent<H extends RetrievedChunk = RetrievedChunk> =
  | ChatEvent
  /** A retrieval ran (its hits carry what the searcher adds, e.g. the folder of a WorkspaceIndex hit). */
  | { type: 'searched'; result: SearchResult<H> }
  /** `@folder:name` named no folder; everything is searched instead. */
  | { type: 'folderUnknown'; name: string }
  /** The chat model's search terms, added to the retrieval query (not to the question the model answers). */
  | { type: 'queryRewritten'; terms: string[] };

export async function* ask<H extends RetrievedChunk>(deps: AskDeps<H>, input: AskInput, signal: AbortSignal): AsyncGenerator<AskEvent<H>> {
  const typed = parseScopePrefix(input.question);
  const scope = typed.scope ?? input.scope ?? 'all';
  const wanted = typed.folder?.toLowerCase();
  const folder = wanted === undefined ? undefined : deps.folders?.find((f) => f.name.toLowerCase() === wanted);
  if (typed.folder !== undefined && !folder) yield { type: 'folderUnknown', name: typed.folder };
  let terms: string[] = [];
  if (input.rewrite && !wantsRewrite(typed.question)) deps.log?.(NOT_REWRITTEN);
  else if (input.rewrite && !signal.aborted) {
    yield { type: 'status', text: 'Finding search terms...' };
    terms = (await rewriteQuery(typed.question, deps.chat, { model: input.model, timeoutMs: input.rewrite.timeoutMs, log: deps.log }, signal)).terms;
    if (terms.length > 0) yield { type: 'queryRewritten', terms };
  }
  // Retrieval runs inside runTurn; what it reports is queued and handed out before runTurn's next event.
  const queued: AskEvent<H>[] = [];
  const events = runTurn(
    {
      retrieve: async (query, turnSignal) => {
        const result = await deps.searcher.search({ ...input.search, query: withSearchTerms(query, terms), scope, pathPrefix: folder?.path, signal: turnSignal });
        queued.push({ type: 'searched', result });
        return result.hits;
      },
      chatStream: (messages, s) => deps.chat.chatStream({ model: input.model, messages }, s),
      chatOnce: (messages, s) => deps.chat.chat({ model: input.model, messages, think: false }, s),
      budgetTokens: input.budgetTokens,
      searchStatus: terms.length > 0 ? `Searching the workspace, also for ${terms.join(', ')}...` : undefined,
    },
    { question: typed.question, history: input.history, selection: input.selection },
    signal,
  );
  for await (const ev of events) {
    yield* queued.splice(0);
    yield ev;
  }
  yield* queued.splice(0);
}
