import * as vscode from 'vscode';
import { ask as askQuestion, NOTHING_TO_SEARCH, type AskEvent } from '../chat/ask';
import { TurnController } from '../chat/turnController';
import type { ChatTurn } from '../chat/history';
import type { OllamaClient } from '../ollama';
import type { ChatScope, HostMessage, SelectionRef, TurnSnapshot, WebviewMessage } from '../protocol';
import type { LoreSettings } from '../settings';
import type { FolderHit, WorkspaceIndex } from '../indexer/workspaceIndex';
import type { ChatViewProvider } from './chatViewProvider';
import { Disposable } from './lifecycle';
import { openSourceInEditor } from './openSource';
import { chatSearchOptions } from '../chat/chatSearchOptions';
import { rewriteFromSettings } from '../chat/queryRewrite';
import { insertCode, saveMarkdown } from './chatEditorActions';
import { ConversationStore, type StoredTurn } from './conversationStore';
import type { RetrievedText } from './chatWire';
import { applyTurnEvent } from './chatTurnEvents';

/** A turn as the host keeps it: what the webview sees plus what only the host may know (where sources live). */
interface HostTurn extends StoredTurn {
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
  /** A turn found Ollama reachable (an answer came) or not (status bar). */
  ollamaSeen?: (up: boolean) => void;
}

/**
 * The chat's host side: turns webview messages into chat turns over the workspace index and Ollama,
 * streams events back, keeps the history (surviving a hidden view and a window reload), and opens
 * cited sources. A new question aborts the one still streaming (ARCHITECTURE.md, "Invariants": cancellation).
 */
export class ChatController extends Disposable {
  /** Saved conversations; `turns` is the current one's. */
  private readonly store: ConversationStore;
  /** The turn streaming now; a new question aborts it. */
  private readonly running = new TurnController();
  private pendingSelection: PendingSelection | undefined;

  constructor(private readonly deps: ChatControllerDeps) {
    super();
    this.store = new ConversationStore(deps.state);
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
        // Retry and Regenerate answer again in the same turn (same id), so the new answer replaces the old in place.
        const turn = this.turns.find((t) => t.snapshot.turnId === msg.turnId);
        if (turn) return this.ask(turn.snapshot.question, turn.scope, turn.selection, turn.snapshot.turnId);
        return;
      }
      case 'action':
        await vscode.commands.executeCommand(msg.kind === 'showLog' ? 'lore.showLog' : 'lore.openSetup');
        return;
      case 'openConversation':
        if (msg.id !== this.store.currentId) {
          this.stop();
          this.store.open(msg.id);
          await this.sendInit();
        }
        return;
      case 'renameConversation':
        this.store.rename(msg.id, msg.title);
        return this.postHistory();
      case 'deleteConversation':
        if (msg.id === this.store.currentId) this.stop();
        if (await this.store.delete(msg.id)) this.deps.view.post({ type: 'cleared' });
        return this.postHistory();
      case 'exportConversation': {
        const doc = this.store.markdown(msg.id);
        if (!doc) return;
        const uri = await saveMarkdown(doc.title, doc.text);
        if (uri) this.deps.log.info(`Exported the conversation to ${uri.fsPath}`);
        return;
      }
      case 'insertCode':
        return insertCode(msg.code, msg.language, msg.target);
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
    this.running.stop();
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
    return this.store.persisted();
  }

  /** The current conversation's turns. */
  private get turns(): HostTurn[] {
    return this.store.turns;
  }

  /** True while an answer streams. */
  get busy(): boolean {
    return this.running.busy;
  }

  /** Starts a new conversation; the one shown stays in History. */
  newChat(): void {
    this.stop();
    this.store.startNew();
    this.pendingSelection = undefined;
    this.deps.view.post({ type: 'cleared' });
    void this.postHistory();
  }

  /**
   * Asks `question` in a new turn, or again in turn `replaceTurnId` (Retry, Regenerate): that turn
   * keeps its id and place, and only the turns before it are the conversation's history.
   */
  async ask(question: string, scope: ChatScope = 'all', selection?: PendingSelection, replaceTurnId?: string): Promise<void> {
    this.stop();
    this.pendingSelection = undefined;
    const at = replaceTurnId === undefined ? -1 : this.turns.findIndex((t) => t.snapshot.turnId === replaceTurnId);
    const turnId = at >= 0 ? replaceTurnId! : `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const sel = selection ? { path: selection.path, startLine: selection.startLine, endLine: selection.endLine } : undefined;
    const turn: HostTurn = {
      snapshot: { turnId, question, selection: sel, thinking: '', answer: '', sources: [], cited: [], state: 'streaming' },
      locations: [],
      scope,
      selection,
    };
    if (at >= 0) this.turns[at] = turn;
    else this.turns.push(turn);
    const post = (m: HostMessage) => this.deps.view.post(m);
    post({ type: 'turnStarted', turnId, question, selection: sel });
    const settings = this.deps.settings();
    const client = this.deps.client();
    const index = this.deps.index();
    const before = at >= 0 ? this.turns.slice(0, at) : this.turns;
    const history = before.flatMap((t) => (t.history && t !== turn ? [t.history] : []));
    const hitTexts: RetrievedText[] = [];
    const folderOf = new Map<string, string>();
    const active = vscode.window.activeTextEditor?.document.uri;
    const editor = { activeFile: active?.scheme === 'file' ? active.fsPath : undefined, recentFiles: this.deps.recentFiles() };
    const events = this.running.start(turnId, (signal) =>
      askQuestion<FolderHit>(
        { searcher: index ?? NOTHING_TO_SEARCH, folders: index?.folders(), chat: client, log: (line) => this.deps.log.info(line) },
        {
          question,
          scope,
          history,
          selection: selection && { path: selection.path, language: selection.language, startLine: selection.startLine, endLine: selection.endLine, text: selection.text },
          search: chatSearchOptions(settings, editor),
          model: settings.chatModel,
          budgetTokens: settings.contextBudgetTokens,
          rewrite: rewriteFromSettings(settings),
        },
        signal,
      ),
    );
    const apply = (ev: AskEvent<FolderHit>) => applyTurnEvent(
      { turn, model: settings.chatModel, folderOf, hitTexts, post, t: vscode.l10n.t, ollamaSeen: this.deps.ollamaSeen, warn: (line: string) => this.deps.log.warn(line) }, ev);
    try {
      for await (const ev of events) apply(ev);
    } catch (err) {
      apply({ type: 'error', message: err instanceof Error ? err.message : String(err), partialAnswer: turn.snapshot.answer });
    } finally {
      if (turn.snapshot.state === 'streaming') turn.snapshot.state = 'done';
      // A turn of a conversation the user left meanwhile is not saved into the one now shown.
      if (this.turns.includes(turn)) {
        await this.store.save();
        await this.postHistory();
      }
    }
  }

  private async postHistory(): Promise<void> {
    this.deps.view.post({ type: 'history', conversations: this.store.summaries(), currentId: this.store.currentId });
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
      activeTurnId: this.turns.some((t) => t.snapshot.turnId === this.running.currentId) ? this.running.currentId : undefined,
    });
    await this.postHistory();
    const folders = this.deps.index()?.folders().map((f) => f.name) ?? [];
    // File names for `@` completion: what VS Code's own Quick Open would list (files.exclude applies).
    const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', COMPLETION_FILES).then((u) => u, () => []);
    this.deps.view.post({ type: 'completions', folders, files: uris.map((u) => vscode.workspace.asRelativePath(u, false)) });
  }
}

const COMPLETION_FILES = 5_000;
