/**
 * The panel's state and how host messages change it. Pure (no DOM) so it is unit-tested and can be
 * persisted with `setState` as is. `applyHostMessage` mutates in place and reports what changed,
 * so a streaming delta costs one string append and a re-render of one turn, not of the history.
 */
import type {
  ChatScope, ConversationSummary, HostMessage, IndexStatusInfo, SelectionRef, TurnSnapshot, ViewSettings,
} from '../src/protocol';
import { formatProgress, ProgressRate } from '../src/util/progressRate';
import { t } from './i18n';

export interface TurnView extends TurnSnapshot {
  /** Latest progress line ("Searching 900 chunks..."), cleared when the answer starts. */
  status?: string;
}

export interface PullState {
  model: string;
  status: string;
  completed?: number;
  total?: number;
  error?: string;
}

export interface PanelState {
  version: 1;
  turns: TurnView[];
  models: string[];
  currentModel: string;
  index: IndexStatusInfo;
  settings: ViewSettings;
  /** The turn being streamed, if any. */
  activeTurnId?: string;
  /** An `ask` was posted and no `turnStarted` has arrived yet (shows Stop right away). */
  pending: boolean;
  pull?: PullState;
  /** Composer contents survive hiding the view. */
  draft: string;
  scope: ChatScope;
  selection?: SelectionRef;
  /** Saved conversations (newest first) and the one shown. */
  conversations: ConversationSummary[];
  currentConversation?: string;
  /** The History list is showing instead of the conversation. */
  historyOpen: boolean;
  completions: { folders: string[]; files: string[] };
}

/** What a message changed; the view re-renders only these parts. */
export interface Dirty {
  all?: boolean;
  turns?: Set<string>;
  header?: boolean;
  composer?: boolean;
  /** Fill the input box from `prefill` (a one-shot, not derived from state). */
  prefill?: string;
  /** Turns asked again: their elements are rebuilt in place. */
  replaced?: Set<string>;
  history?: boolean;
}

export function initialState(): PanelState {
  return {
    version: 1, turns: [], models: [], currentModel: '', pending: false, draft: '', scope: 'all',
    index: { state: 'idle', filesDone: 0, filesTotal: 0, chunks: 0 }, settings: { sourcesShown: 'all' },
    conversations: [], historyOpen: false, completions: { folders: [], files: [] },
  };
}

/** A state saved by an older version, completed with the fields it lacks. */
export function withDefaults(s: PanelState): PanelState {
  return { ...initialState(), ...s };
}

export function isPanelState(s: unknown): s is PanelState {
  return typeof s === 'object' && s !== null && (s as { version?: unknown }).version === 1 &&
    Array.isArray((s as { turns?: unknown }).turns);
}

export function findTurn(state: PanelState, turnId: string): TurnView | undefined {
  // Deltas almost always target the last turn, so search from the end.
  for (let i = state.turns.length - 1; i >= 0; i--) if (state.turns[i]!.turnId === turnId) return state.turns[i];
  return undefined;
}

/** Applies one host message to `state` (in place) and says what to re-render. */
export function applyHostMessage(state: PanelState, msg: HostMessage): Dirty {
  switch (msg.type) {
    case 'init':
      state.turns = msg.turns.map((t) => ({ ...t }));
      state.models = msg.models;
      state.currentModel = msg.currentModel;
      state.index = msg.index;
      state.settings = msg.settings;
      state.activeTurnId = msg.activeTurnId;
      state.pending = false;
      return { all: true };
    case 'turnStarted': {
      const fresh: TurnView = {
        turnId: msg.turnId, question: msg.question, selection: msg.selection, thinking: '', answer: '',
        sources: [], cited: [], state: 'streaming',
      };
      // Retry/Regenerate reuse the turn's id: the new answer takes the old one's place.
      const at = state.turns.findIndex((t) => t.turnId === msg.turnId);
      if (at >= 0) state.turns[at] = fresh;
      else state.turns.push(fresh);
      state.activeTurnId = msg.turnId;
      state.pending = false;
      state.selection = undefined;
      const dirty: Dirty = { turns: new Set([msg.turnId]), composer: true };
      if (at >= 0) dirty.replaced = new Set([msg.turnId]);
      return dirty;
    }
    case 'history':
      state.conversations = msg.conversations;
      state.currentConversation = msg.currentId;
      return { history: true };
    case 'completions':
      state.completions = { folders: msg.folders, files: msg.files };
      return {};
    case 'cleared':
      state.turns = [];
      state.activeTurnId = undefined;
      state.pending = false;
      return { all: true };
    case 'indexStatus': {
      const { type: _type, ...index } = msg;
      state.index = index;
      return { header: true };
    }
    case 'models':
      state.models = msg.models;
      state.currentModel = msg.current;
      return { header: true };
    case 'pullProgress': {
      const { type: _type, ...pull } = msg;
      state.pull = pull;
      return { header: true };
    }
    case 'prefill':
      state.selection = msg.selection;
      state.draft = msg.text;
      return { composer: true, prefill: msg.text };
    default:
      return applyTurnMessage(state, msg);
  }
}

type TurnMessage = Extract<HostMessage, { turnId: string }>;

function applyTurnMessage(state: PanelState, msg: TurnMessage): Dirty {
  const turn = findTurn(state, msg.turnId);
  // Late messages for a turn the user already cleared are dropped.
  if (!turn) return {};
  const dirty: Dirty = { turns: new Set([turn.turnId]) };
  switch (msg.type) {
    case 'status':
      turn.status = msg.text;
      break;
    case 'sources':
      turn.sources = msg.sources;
      break;
    case 'thinkingDelta':
      turn.thinking += msg.text;
      break;
    case 'answerDelta':
      turn.answer += msg.text;
      turn.status = undefined;
      break;
    case 'turnDone':
      turn.state = msg.stopped ? 'stopped' : 'done';
      turn.cited = msg.cited;
      turn.status = undefined;
      finish(state, turn, dirty);
      break;
    case 'turnError': {
      const { type: _type, turnId: _id, ...error } = msg;
      turn.state = 'error';
      turn.error = error;
      turn.status = undefined;
      finish(state, turn, dirty);
      break;
    }
  }
  return dirty;
}

function finish(state: PanelState, turn: TurnView, dirty: Dirty): void {
  if (state.activeTurnId === turn.turnId) state.activeTurnId = undefined;
  dirty.composer = true;
}

/** True while Stop should be shown instead of Send. */
export function isBusy(state: PanelState): boolean {
  return state.pending || state.activeTurnId !== undefined;
}

/** Sources a turn lists under its answer, per the `sourcesShown` setting. */
export function visibleSources(state: PanelState, turn: TurnView): TurnView['sources'] {
  const mode = state.settings.sourcesShown;
  if (mode === 'none') return [];
  if (mode === 'cited' && turn.state !== 'streaming' && turn.cited.length > 0) {
    const cited = new Set(turn.cited);
    return turn.sources.filter((s) => cited.has(s.n));
  }
  return turn.sources;
}

const rates = new ProgressRate();

/**
 * The panel's index line ("Indexing 120/900 files (13%), 4.2 files/s, about 3 min left — answers may
 * be incomplete"), or undefined when there is nothing to say (the line disappears once the state ends).
 * Counts are shown only when known: a pause reports how much is searchable, never "0/0 files".
 */
export function indexStatusLine(index: IndexStatusInfo, now = Date.now()): string | undefined {
  if (index.state !== 'indexing') rates.reset();
  const chunks = t('chunks', index.chunks.toLocaleString('en-US'));
  const down = index.ollamaUp === false ? t('ollamaUnreachable') : undefined;
  switch (index.state) {
    case 'indexing': {
      if (index.filesTotal === 0) return t('lookingForFiles');
      const e = rates.add({ at: now, done: index.filesDone, total: index.filesTotal });
      return t('indexingProgress', formatProgress(e));
    }
    case 'paused': {
      const why = index.message ?? down;
      return `${t('indexingPaused')}${why ? `: ${why}` : ''} (${index.chunks > 0 ? t('searchableByKeyword', chunks) : t('keywordSearchOnly')})`;
    }
    case 'error':
      return `${t('indexError')}${index.message ? `: ${index.message}` : ''}`;
    case 'idle':
      return index.message;
    case 'ready':
      return down ? t('needsOllama', down, chunks) : undefined;
  }
}
