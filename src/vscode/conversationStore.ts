import * as vscode from 'vscode';
import {
  cleanTitle, conversationMarkdown, newConversationId, restoreConversations, summaries, titleFrom, upsert, type Conversation,
} from '../chat/conversations';
import { restoreHistory, type ChatTurn } from '../chat/history';
import { isSearchScope } from '../indexer/types';
import type { ChatScope, ConversationSummary, TurnSnapshot } from '../protocol';
import type { SourceLocation } from './openSource';

const LIST_KEY = 'lore.chat.conversations.v1';
const CURRENT_KEY = 'lore.chat.current.v1';
/** The single conversation older versions kept; moved into the list once. */
const LEGACY_KEY = 'lore.chat.v1';
const MAX_TURNS_PER_CONVERSATION = 50;

/** A turn as stored: what the view shows plus what only the host may know (where sources live). */
export interface StoredTurn {
  snapshot: TurnSnapshot;
  locations: SourceLocation[];
  history?: ChatTurn;
  scope?: ChatScope;
}

/**
 * The chat's saved conversations in workspace state (so they are per workspace and survive a window
 * reload): the current one, the History list, rename, delete and the Markdown export.
 */
export class ConversationStore {
  private list: Conversation<StoredTurn>[];
  private current: Conversation<StoredTurn>;

  constructor(private readonly memento: vscode.Memento) {
    this.list = restoreConversations(memento.get(LIST_KEY), restoreTurn);
    const legacy = memento.get<unknown>(LEGACY_KEY);
    if (Array.isArray(legacy) && legacy.length > 0) {
      const turns = legacy.flatMap((t) => restoreTurn(t) ?? []);
      if (turns.length) this.list = upsert(this.list, this.fresh(turns));
      void memento.update(LEGACY_KEY, undefined);
    }
    const id = memento.get<string>(CURRENT_KEY);
    this.current = this.list.find((c) => c.id === id) ?? this.fresh([]);
  }

  get currentId(): string {
    return this.current.id;
  }

  /** The current conversation's turns (live array: the controller appends to it). */
  get turns(): StoredTurn[] {
    return this.current.turns;
  }

  summaries(): ConversationSummary[] {
    return summaries(this.list);
  }

  /** Starts an empty conversation; the previous one stays in History. */
  startNew(): void {
    this.current = this.fresh([]);
    void this.memento.update(CURRENT_KEY, this.current.id);
  }

  /** Makes a saved conversation current; false when it no longer exists. */
  open(id: string): boolean {
    const found = this.list.find((c) => c.id === id);
    if (!found) return false;
    this.current = found;
    void this.memento.update(CURRENT_KEY, id);
    return true;
  }

  rename(id: string, title: string): void {
    const conv = this.list.find((c) => c.id === id);
    const clean = cleanTitle(title);
    if (!conv || !clean) return;
    conv.title = clean;
    conv.renamed = true;
    void this.memento.update(LIST_KEY, this.list);
  }

  /** Deletes a conversation; deleting the current one starts a new, empty one. */
  async delete(id: string): Promise<boolean> {
    const wasCurrent = this.current.id === id;
    this.list = this.list.filter((c) => c.id !== id);
    if (wasCurrent) this.current = this.fresh([]);
    await this.memento.update(LIST_KEY, this.list);
    await this.memento.update(CURRENT_KEY, this.current.id);
    return wasCurrent;
  }

  /** Saves the current conversation (after a turn ends or is replaced). */
  async save(): Promise<void> {
    const c = this.current;
    c.turns.splice(0, Math.max(0, c.turns.length - MAX_TURNS_PER_CONVERSATION));
    if (!c.renamed && c.turns[0]) c.title = titleFrom(c.turns[0].snapshot.question);
    c.updatedAt = Date.now();
    this.list = upsert(this.list, c);
    await this.memento.update(LIST_KEY, JSON.parse(JSON.stringify(this.list.map(withoutSelections))) as unknown);
    await this.memento.update(CURRENT_KEY, c.id);
  }

  /** The current conversation as it is stored (what a window reload restores). */
  persisted(): TurnSnapshot[] {
    const stored = restoreConversations(this.memento.get(LIST_KEY), restoreTurn).find((c) => c.id === this.current.id);
    return stored?.turns.map((t) => t.snapshot) ?? [];
  }

  /** The conversation as Markdown, for Export. */
  markdown(id: string): { title: string; text: string } | undefined {
    const c = this.list.find((x) => x.id === id) ?? (this.current.id === id ? this.current : undefined);
    if (!c || c.turns.length === 0) return undefined;
    const title = c.renamed ? c.title : titleFrom(c.turns[0]!.snapshot.question);
    return {
      title,
      text: conversationMarkdown(title, c.createdAt, c.turns.map(({ snapshot: s }) => ({
        question: s.question, answer: s.answer, sources: s.sources, error: s.error?.message, stopped: s.state === 'stopped',
      }))),
    };
  }

  private fresh(turns: StoredTurn[]): Conversation<StoredTurn> {
    const now = Date.now();
    return { id: newConversationId(now), title: turns[0] ? titleFrom(turns[0].snapshot.question) : '', createdAt: now, updatedAt: now, turns };
  }
}

/** The selection's text stays out of storage (it can be large and is only needed while asking). */
function withoutSelections(c: Conversation<StoredTurn>): Conversation<StoredTurn> {
  return { ...c, turns: c.turns.map((t) => ({ ...t, selection: undefined })) };
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One stored turn, checked enough to render and re-ask; a turn saved mid-stream comes back as stopped. */
function restoreTurn(v: unknown): StoredTurn | undefined {
  if (!isRec(v) || !isRec(v.snapshot) || !Array.isArray(v.locations)) return undefined;
  const s = v.snapshot;
  if (typeof s.turnId !== 'string' || typeof s.question !== 'string' || typeof s.answer !== 'string') return undefined;
  if (!Array.isArray(s.sources) || !Array.isArray(s.cited) || typeof s.thinking !== 'string') return undefined;
  const snapshot = { ...(s as unknown as TurnSnapshot) };
  if (snapshot.state === 'streaming') snapshot.state = 'stopped';
  const turn: StoredTurn = { snapshot, locations: v.locations as SourceLocation[] };
  const history = v.history === undefined ? [] : restoreHistory([v.history]);
  if (history[0]) turn.history = history[0];
  if (isSearchScope(v.scope)) turn.scope = v.scope;
  return turn;
}
