/**
 * The panel's state and how host messages change it. Pure (no DOM) so it is unit-tested and can be
 * persisted with `setState` as is. `applyHostMessage` mutates in place and reports what changed,
 * so a streaming delta costs one string append and a re-render of one turn, not of the history.
 */
import type {
  ChatScope, HostMessage, IndexStatusInfo, SelectionRef, TurnSnapshot, ViewSettings,
} from '../src/protocol';

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
}

/** What a message changed; the view re-renders only these parts. */
export interface Dirty {
  all?: boolean;
  turns?: Set<string>;
  header?: boolean;
  composer?: boolean;
  /** Fill the input box from `prefill` (a one-shot, not derived from state). */
  prefill?: string;
}

export function initialState(): PanelState {
  return {
    version: 1, turns: [], models: [], currentModel: '', pending: false, draft: '', scope: 'all',
    index: { state: 'idle', filesDone: 0, filesTotal: 0, chunks: 0 }, settings: { sourcesShown: 'all' },
  };
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
      state.turns.push({
        turnId: msg.turnId, question: msg.question, selection: msg.selection, thinking: '', answer: '',
        sources: [], cited: [], state: 'streaming',
      });
      state.activeTurnId = msg.turnId;
      state.pending = false;
      state.selection = undefined;
      return { turns: new Set([msg.turnId]), composer: true };
    }
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

/** "Indexing 120/900 files — answers may be incomplete", or undefined when there is nothing to say. */
export function indexStatusLine(index: IndexStatusInfo): string | undefined {
  switch (index.state) {
    case 'indexing':
      return `Indexing ${index.filesDone}/${index.filesTotal} files — answers may be incomplete`;
    case 'paused':
      return `Indexing paused at ${index.filesDone}/${index.filesTotal} files${index.message ? `: ${index.message}` : ''}`;
    case 'error':
      return `Index error${index.message ? `: ${index.message}` : ''}`;
    case 'idle':
      return index.message;
    case 'ready':
      return undefined;
  }
}
