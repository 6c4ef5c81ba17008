import * as vscode from 'vscode';
import { ask as askQuestion, type AskEvent } from '../chat/ask';
import type { ChatTurn } from '../chat/history';
import type { NumberedSource } from '../chat/citations';
import type { Searcher } from '../indexer/search';
import type { OllamaClient } from '../ollama';
import type { ChatScope, ErrorAction, HostMessage, SelectionRef, TurnSnapshot, WebviewMessage, WireSource } from '../protocol';
import type { LoreSettings } from './settings';
import type { FolderHit, WorkspaceIndex } from '../indexer/workspaceIndex';
import type { ChatViewProvider } from './chatViewProvider';
import { Disposable } from './lifecycle';
import { openSourceInEditor, type SourceLocation } from './openSource';
import { documentFormatFor } from '../indexer/extract/formats';
import { chatSearchOptions } from './chatSearchOptions';

const STATE_KEY = 'lore.chat.v1';
const MAX_TURNS_KEPT = 50;

/** A turn as the host keeps it: what the webview sees plus what only the host may know. */
interface HostTurn {
  snapshot: TurnSnapshot;
  /** Where each numbered source lives; the webview only ever sends back a number. */
  locations: SourceLocation[];
  history?: ChatTurn;
  scope?: ChatScope;
  selection?: PendingSelection;
}

export interface PendingSelection extends SelectionRef {
  folder: string;
  language: string;
  text: string;
}

export interface ChatControllerDeps {
  view: ChatViewProvider;
  index: () => WorkspaceIndex | undefined;
  client: () => OllamaClient;
  settings: () => LoreSettings;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  listModels: () => Promise<string[]>;
  pullModel: (model: string, onProgress: (m: HostMessage) => void) => Promise<void>;
  /** Absolute paths of recently edited files, newest first (retrieval boosts them). */
  recentFiles: () => string[];
}

/**
 * The chat's host side: turns webview messages into chat turns over the workspace index and Ollama,
 * streams events back, keeps the history (surviving a hidden view and a window reload), and opens
 * cited sources. A new question aborts the one still streaming (STYLE.md 6).
 */
export class ChatController extends Disposable {
  private turns: HostTurn[] = [];
  private current: { id: string; abort: AbortController } | undefined;
  private pendingSelection: PendingSelection | undefined;

  constructor(private readonly deps: ChatControllerDeps) {
    super();
    this.turns = this.restore();
    this.register(deps.view.onReady(() => void this.sendInit()));
    this.register(deps.view.onMessage((m) => void this.handle(m)));
  }

  async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ask':
        return this.ask(msg.text, msg.scope, msg.includeSelection !== false ? this.pendingSelection : undefined);
      case 'stop':
        return this.stop();
      case 'newChat':
        return this.newChat();
      case 'openSource': {
        const loc = this.turns.find((t) => t.snapshot.turnId === msg.turnId)?.locations[msg.n - 1];
        if (loc) await openSourceInEditor(loc, this.deps.log);
        return;
      }
      case 'selectModel':
        await vscode.workspace.getConfiguration('lore').update('chatModel', msg.model, vscode.ConfigurationTarget.Global);
        return;
      case 'pullModel':
        return this.deps.pullModel(msg.model, (m) => this.deps.view.post(m));
      case 'retry': {
        const turn = this.turns.find((t) => t.snapshot.turnId === msg.turnId);
        if (turn) return this.ask(turn.snapshot.question, turn.scope, turn.selection);
        return;
      }
      case 'action':
        await vscode.commands.executeCommand(msg.kind === 'showLog' ? 'lore.showLog' : 'lore.openSetup');
        return;
      default:
        return;
    }
  }

  /** Ask About Selection: put the selection into the composer with a default question. */
  prefill(selection: PendingSelection, question: string): void {
    this.pendingSelection = selection;
    const { path, startLine, endLine } = selection;
    this.deps.view.post({ type: 'prefill', text: question, selection: { path, startLine, endLine } });
  }

  stop(): void {
    this.current?.abort.abort();
  }

  /** The conversation as the view shows it (copies). */
  snapshots(): TurnSnapshot[] {
    return this.turns.map((t) => structuredClone(t.snapshot));
  }

  /** What later turns send back to the model as history (never the reasoning). */
  history(): ChatTurn[] {
    return this.turns.flatMap((t) => (t.history ? [structuredClone(t.history)] : []));
  }

  /** The conversation as stored in workspaceState (what a window reload restores). */
  persisted(): TurnSnapshot[] {
    return this.restore().map((t) => t.snapshot);
  }

  /** True while an answer streams. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  newChat(): void {
    this.stop();
    this.turns = [];
    this.pendingSelection = undefined;
    void this.persist();
    this.deps.view.post({ type: 'cleared' });
  }

  async ask(question: string, scope: ChatScope = 'all', selection?: PendingSelection): Promise<void> {
    this.stop();
    this.pendingSelection = undefined;
    const turnId = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const abort = new AbortController();
    this.current = { id: turnId, abort };
    const sel = selection ? { path: selection.path, startLine: selection.startLine, endLine: selection.endLine } : undefined;
    const turn: HostTurn = {
      snapshot: { turnId, question, selection: sel, thinking: '', answer: '', sources: [], cited: [], state: 'streaming' },
      locations: [],
      scope,
      selection,
    };
    this.turns.push(turn);
    const post = (m: HostMessage) => this.deps.view.post(m);
    post({ type: 'turnStarted', turnId, question, selection: sel });
    const settings = this.deps.settings();
    const client = this.deps.client();
    const index = this.deps.index();
    const history = this.turns.flatMap((t) => (t.history && t !== turn ? [t.history] : []));
    const folderOf = new Map<string, string>();
    const active = vscode.window.activeTextEditor?.document.uri;
    const editor = { activeFile: active?.scheme === 'file' ? active.fsPath : undefined, recentFiles: this.deps.recentFiles() };
    const events = askQuestion<FolderHit>(
      { searcher: index ?? NO_INDEX, folders: index?.folders(), chat: client },
      {
        question,
        scope,
        history,
        selection: selection && { path: selection.path, language: selection.language, startLine: selection.startLine, endLine: selection.endLine, text: selection.text },
        search: chatSearchOptions(settings, editor),
        model: settings.chatModel,
        budgetTokens: settings.contextBudgetTokens,
      },
      abort.signal,
    );
    try {
      for await (const ev of events) this.apply(turn, ev, folderOf, settings.chatModel, post);
    } catch (err) {
      this.apply(turn, { type: 'error', message: err instanceof Error ? err.message : String(err), partialAnswer: turn.snapshot.answer }, folderOf, settings.chatModel, post);
    } finally {
      if (this.current?.id === turnId) this.current = undefined;
      if (turn.snapshot.state === 'streaming') turn.snapshot.state = 'done';
      await this.persist();
    }
  }

  private apply(turn: HostTurn, ev: AskEvent<FolderHit>, folderOf: Map<string, string>, model: string, post: (m: HostMessage) => void): void {
    const s = turn.snapshot;
    const turnId = s.turnId;
    switch (ev.type) {
      case 'status':
        post({ type: 'status', turnId, text: ev.text });
        break;
      case 'folderUnknown':
        post({ type: 'status', turnId, text: `No indexed folder is named "${ev.name}"; searching all folders.` });
        break;
      case 'searched':
        if (ev.result.fallbackReason) post({ type: 'status', turnId, text: `Keyword search only: ${ev.result.fallbackReason}` });
        for (const h of ev.result.hits) folderOf.set(`${h.path}:${h.startLine}`, h.folder);
        break;
      case 'sources':
        s.sources = ev.sources.map(toWire);
        turn.locations = ev.sources.map((src) => toLocation(src, folderOf));
        post({ type: 'sources', turnId, sources: s.sources });
        break;
      case 'thinking':
        s.thinking += ev.delta;
        post({ type: 'thinkingDelta', turnId, text: ev.delta });
        break;
      case 'answer':
        s.answer += ev.delta;
        post({ type: 'answerDelta', turnId, text: ev.delta });
        break;
      case 'done':
        s.state = ev.turn.stopped ? 'stopped' : 'done';
        s.cited = ev.cited;
        turn.history = ev.turn;
        post({ type: 'turnDone', turnId, stopped: !!ev.turn.stopped, cited: ev.cited });
        break;
      case 'error': {
        s.state = 'error';
        const actions = actionsFor(ev.kind);
        const retrievalOnly = ev.retrievalOnly?.map((src) => ({ ...toWire(src), text: ev.passages?.[src.n - 1] ?? '' }));
        if (ev.retrievalOnly) {
          turn.locations = ev.retrievalOnly.map((src) => toLocation(src, folderOf));
          s.sources = ev.retrievalOnly.map(toWire);
        }
        s.error = { message: ev.message, advice: ev.advice && ev.advice !== ev.message ? ev.advice : undefined, actions, model: ev.kind === 'model-missing' ? model : undefined, retrievalOnly };
        post({ type: 'turnError', turnId, ...s.error });
        this.deps.log.warn(`Chat turn failed: ${ev.message}${ev.advice ? ` (${ev.advice})` : ''}`);
        break;
      }
      default:
        break;
    }
  }

  private async sendInit(): Promise<void> {
    const s = this.deps.settings();
    const models = await this.deps.listModels().catch(() => [] as string[]);
    const index = this.deps.index()?.status() ?? { state: 'idle' as const, filesDone: 0, filesTotal: 0, chunks: 0 };
    this.deps.view.post({
      type: 'init',
      turns: this.turns.map((t) => t.snapshot),
      models,
      currentModel: s.chatModel,
      index,
      settings: { sourcesShown: s.sourcesShown },
      activeTurnId: this.current?.id,
    });
  }

  private restore(): HostTurn[] {
    const saved = this.deps.state.get<HostTurn[]>(STATE_KEY) ?? [];
    return Array.isArray(saved)
      ? saved.map((t) => ({ ...t, snapshot: { ...t.snapshot, state: t.snapshot.state === 'streaming' ? 'stopped' : t.snapshot.state } }))
      : [];
  }

  private async persist(): Promise<void> {
    const keep = this.turns.slice(-MAX_TURNS_KEPT).map((t) => ({ ...t, selection: undefined }));
    await this.deps.state.update(STATE_KEY, keep);
  }
}

/** No index yet (no folder open): the question is answered without sources. */
const NO_INDEX: Searcher<FolderHit> = { search: async () => ({ hits: [], mode: 'keyword' }) };

function toWire(s: NumberedSource): WireSource {
  const w: WireSource = { n: s.n, path: s.path, startLine: s.startLine, endLine: s.endLine, symbol: s.symbol, language: s.language, kind: s.kind };
  if (s.page !== undefined) w.page = s.page;
  if (s.cell !== undefined) w.cell = s.cell;
  return w;
}

function toLocation(src: NumberedSource, folderOf: Map<string, string>): SourceLocation {
  const loc: SourceLocation = { folder: src.folder ?? folderOf.get(`${src.path}:${src.startLine}`) ?? '', path: src.path, startLine: src.startLine, endLine: src.endLine };
  if (src.page !== undefined) loc.page = src.page;
  if (src.cell !== undefined) loc.cell = src.cell;
  // HTML fragments are chunked as markup ('text') with real line numbers; extracted documents are not.
  if (documentFormatFor(src.path) && src.kind !== 'text') loc.extracted = true;
  return loc;
}

function actionsFor(kind: string | undefined): ErrorAction[] {
  if (kind === 'model-missing') return ['pullModel', 'showLog'];
  if (kind === 'unreachable') return ['retry', 'openSetup', 'showLog'];
  return ['retry', 'showLog'];
}
