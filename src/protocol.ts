/**
 * Every message between the chat view's host (src/vscode/chatViewProvider.ts) and its webview
 * (webview/), defined once and imported by both sides (ARCHITECTURE.md, "webview/, src/protocol.ts"). No `vscode`, no DOM: pure data.
 *
 * Messages that cross the boundary are untrusted: the host must check each incoming message with
 * `isWebviewMessage` before acting on it, and the webview checks with `isHostMessage`. The webview
 * never names a file: it asks to open source `n` of a turn and the host resolves that from its own
 * records, so a compromised webview cannot open arbitrary paths.
 */
import { SEARCH_SCOPES, type ChunkKind, type SearchScope } from './indexer/types';
import type { NumberedSource } from './chat/citations';

export { MAX_CITATION_RANGE } from './chat/citations';
import { arrayOf, isBool, isInt, isNat, isObj, isStr, oneOf, opt, type Check } from './protocolChecks';

/**
 * One numbered source of a turn, as shown in the sources list and behind a `[n]` chip: the chat
 * layer's NumberedSource without `folder`, an absolute path the webview never needs to see.
 */
export type WireSource = Omit<NumberedSource, 'folder'> & {
  /** The first lines of the passage, for the citation hover card (never HTML). */
  preview?: string;
};

/** A retrieved passage, shown when no model could answer (Ollama down): the sources themselves. */
export interface WirePassage extends WireSource {
  text: string;
}

/** The editor selection a question is about (Ask About Selection). Display only. */
export interface SelectionRef {
  path: string;
  startLine: number;
  endLine: number;
}

/** The scope picked in the panel (the same list as the CLI's --scope and the typed @code/@docs). */
export type ChatScope = SearchScope;
export type ErrorAction = 'pullModel' | 'retry' | 'openSetup' | 'showLog';
/** Host-side actions without parameters (the parameterised ones have their own messages). */
export type PlainAction = 'openSetup' | 'showLog';
export type IndexState = 'indexing' | 'ready' | 'paused' | 'error' | 'idle';
/** Which sources a finished turn lists: all retrieved, only those the answer cited, or none. */
export type SourcesShown = 'all' | 'cited' | 'none';

export interface TurnError {
  message: string;
  advice?: string;
  actions?: ErrorAction[];
  /** The model an action such as `pullModel` refers to. */
  model?: string;
  /** Best passages, when retrieval worked but the chat model did not. */
  retrievalOnly?: WirePassage[];
  /** The line above those passages, in the language of the question (not the display language). */
  passagesHeading?: string;
}

/** A turn as the host records it; `init` restores these. */
export interface TurnSnapshot {
  turnId: string;
  question: string;
  selection?: SelectionRef;
  thinking: string;
  answer: string;
  sources: WireSource[];
  /** Source numbers the answer cited (valid once the turn is done). */
  cited: number[];
  state: 'streaming' | 'done' | 'stopped' | 'error';
  error?: TurnError;
}

export interface IndexStatusInfo {
  state: IndexState;
  filesDone: number;
  filesTotal: number;
  chunks: number;
  message?: string;
  /** Chunks embedded so far in this pass, when the indexer reports them. */
  chunksDone?: number;
  /** False while Ollama is unreachable (set by the host; undefined when unknown). */
  ollamaUp?: boolean;
  /** Damage found in an index (WorkspaceStatus.damage), repaired by the pass after open. */
  damage?: string;
}

/** One saved conversation in the history list. */
export interface ConversationSummary {
  id: string;
  /** The first question, shortened, unless the user renamed it. */
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: number;
}

/** Where Insert puts a code block from an answer. */
export type InsertTarget = 'cursor' | 'newFile';

export interface ViewSettings {
  sourcesShown: SourcesShown;
}

// ---- host -> webview ----------------------------------------------------------------------------

export type HostMessage =
  | {
      type: 'init';
      turns: TurnSnapshot[];
      models: string[];
      currentModel: string;
      index: IndexStatusInfo;
      settings: ViewSettings;
      /** The turn still streaming when the view was (re)loaded, if any. */
      activeTurnId?: string;
    }
  | { type: 'turnStarted'; turnId: string; question: string; selection?: SelectionRef }
  | { type: 'status'; turnId: string; text: string }
  | { type: 'sources'; turnId: string; sources: WireSource[] }
  | { type: 'thinkingDelta'; turnId: string; text: string }
  | { type: 'answerDelta'; turnId: string; text: string }
  | { type: 'turnDone'; turnId: string; stopped: boolean; cited: number[] }
  | ({ type: 'turnError'; turnId: string } & TurnError)
  | ({ type: 'indexStatus' } & IndexStatusInfo)
  | { type: 'models'; models: string[]; current: string }
  | { type: 'pullProgress'; model: string; status: string; completed?: number; total?: number; error?: string }
  | { type: 'prefill'; text: string; selection?: SelectionRef }
  | { type: 'cleared' }
  /** The saved conversations, newest first, and which one the panel shows. */
  | { type: 'history'; conversations: ConversationSummary[]; currentId?: string }
  /** Names the composer completes after `@folder:` and as file names. */
  | { type: 'completions'; folders: string[]; files: string[] };

// ---- webview -> host ----------------------------------------------------------------------------

export type WebviewMessage =
  | { type: 'ready' }
  /** `includeSelection` is false when the user removed the prefilled selection before sending. */
  | { type: 'ask'; text: string; scope?: ChatScope; includeSelection?: boolean }
  | { type: 'stop' }
  | { type: 'newChat' }
  | { type: 'openSource'; turnId: string; n: number }
  | { type: 'selectModel'; model: string }
  | { type: 'pullModel'; model: string }
  /** Ask the turn's question again; the new answer replaces the turn in place (Retry, Regenerate). */
  | { type: 'retry'; turnId: string }
  | { type: 'action'; kind: PlainAction }
  | { type: 'openConversation'; id: string }
  | { type: 'renameConversation'; id: string; title: string }
  | { type: 'deleteConversation'; id: string }
  /** Save the conversation as a Markdown file (the host asks where). */
  | { type: 'exportConversation'; id: string }
  | { type: 'insertCode'; code: string; language?: string; target: InsertTarget };

export type HostMessageType = HostMessage['type'];
export type WebviewMessageType = WebviewMessage['type'];
export type HostMessageOf<T extends HostMessageType> = Extract<HostMessage, { type: T }>;

// ---- validators ---------------------------------------------------------------------------------

/** Upper bounds keep a hostile peer from making the other side allocate without limit. */
export const LIMITS = { text: 200_000, id: 200, model: 300, path: 4_096, list: 10_000, title: 200 } as const;

const text = isStr(LIMITS.text);
const id = isStr(LIMITS.id);
const model = isStr(LIMITS.model);
const path = isStr(LIMITS.path);
const kinds: readonly ChunkKind[] = ['code', 'doc', 'text'];
const errorActions: readonly ErrorAction[] = ['pullModel', 'retry', 'openSetup', 'showLog'];

const sourceFields = {
  n: isInt(1), path, startLine: isNat, endLine: isNat, symbol: opt(text), language: id,
  kind: oneOf(kinds), page: opt(isNat), cell: opt(isNat), preview: opt(text),
};
const isSource = isObj(sourceFields);
const isPassage = isObj({ ...sourceFields, text });
const isSelection = isObj({ path, startLine: isNat, endLine: isNat });
const errorFields = {
  message: text, advice: opt(text), actions: opt(arrayOf(oneOf(errorActions))), model: opt(model),
  retrievalOnly: opt(arrayOf(isPassage)), passagesHeading: opt(text),
};
const indexFields = {
  state: oneOf<IndexState>(['indexing', 'ready', 'paused', 'error', 'idle']),
  filesDone: isNat, filesTotal: isNat, chunks: isNat, message: opt(text), chunksDone: opt(isNat), ollamaUp: opt(isBool), damage: opt(text),
};
const isSummary = isObj({ id, title: text, createdAt: isNat, updatedAt: isNat, turns: isNat });
const isTurn = isObj({
  turnId: id, question: text, selection: opt(isSelection), thinking: text, answer: text,
  sources: arrayOf(isSource), cited: arrayOf(isInt(1)),
  state: oneOf<TurnSnapshot['state']>(['streaming', 'done', 'stopped', 'error']), error: opt(isObj(errorFields)),
});

// `satisfies Record<type, ...>` makes a message without a validator a compile error.
const hostChecks = {
  init: {
    turns: arrayOf(isTurn), models: arrayOf(model), currentModel: model, index: isObj(indexFields),
    settings: isObj({ sourcesShown: oneOf<SourcesShown>(['all', 'cited', 'none']) }), activeTurnId: opt(id),
  },
  turnStarted: { turnId: id, question: text, selection: opt(isSelection) },
  status: { turnId: id, text },
  sources: { turnId: id, sources: arrayOf(isSource) },
  thinkingDelta: { turnId: id, text },
  answerDelta: { turnId: id, text },
  turnDone: { turnId: id, stopped: isBool, cited: arrayOf(isInt(1)) },
  turnError: { turnId: id, ...errorFields },
  indexStatus: indexFields,
  models: { models: arrayOf(model), current: model },
  pullProgress: { model, status: text, completed: opt(isNat), total: opt(isNat), error: opt(text) },
  prefill: { text, selection: opt(isSelection) },
  cleared: {},
  history: { conversations: arrayOf(isSummary), currentId: opt(id) },
  completions: { folders: arrayOf(path), files: arrayOf(path, 20_000) },
} satisfies Record<HostMessageType, Record<string, Check>>;

const webviewChecks = {
  ready: {},
  ask: { text, scope: opt(oneOf<ChatScope>(SEARCH_SCOPES)), includeSelection: opt(isBool) },
  stop: {},
  newChat: {},
  openSource: { turnId: id, n: isInt(1) },
  selectModel: { model },
  pullModel: { model },
  retry: { turnId: id },
  action: { kind: oneOf<PlainAction>(['openSetup', 'showLog']) },
  openConversation: { id },
  renameConversation: { id, title: isStr(LIMITS.title) },
  deleteConversation: { id },
  exportConversation: { id },
  insertCode: { code: text, language: opt(id), target: oneOf<InsertTarget>(['cursor', 'newFile']) },
} satisfies Record<WebviewMessageType, Record<string, Check>>;

function checkMessage(x: unknown, table: Record<string, Record<string, Check>>): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const type = (x as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(table, type)) return false;
  return isObj({ type: isStr(LIMITS.id), ...table[type] })(x);
}

/** True when `x` is a well-formed host -> webview message (unknown fields are rejected). */
export function isHostMessage(x: unknown): x is HostMessage {
  return checkMessage(x, hostChecks);
}

/** True when `x` is a well-formed webview -> host message. The host must call this on every message. */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  return checkMessage(x, webviewChecks);
}
