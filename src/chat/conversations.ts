/**
 * Saved conversations of one workspace: the list behind the chat's History (title from the first
 * question, dates, rename, delete) and the Markdown export. Pure data in, plain JSON out, so the
 * extension stores it in workspace state as is and a damaged or older value is read back safely.
 * Generic over the turn type: the host keeps more per turn (source locations) than this module needs.
 */
import type { ConversationSummary } from '../protocol';

export interface Conversation<T> {
  id: string;
  title: string;
  /** True once the user renamed it: the title no longer follows the first question. */
  renamed?: boolean;
  createdAt: number;
  updatedAt: number;
  turns: T[];
}

/** Conversations kept per workspace; the least recently used ones are dropped beyond this. */
const MAX_CONVERSATIONS = 50;
const TITLE_CHARS = 60;

/** A title from the first question: `@docs`-style prefixes dropped, one line, at most 60 characters. */
export function titleFrom(question: string): string {
  const line = question.replace(/^(\s*@(docs|code|folder:\S+)\b)+/i, '').replace(/\s+/g, ' ').trim();
  if (line === '') return 'New conversation';
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}

/** A cleaned user-given title, or undefined when nothing is left of it. */
export function cleanTitle(title: string): string | undefined {
  const t = title.replace(/\s+/g, ' ').trim().slice(0, 200);
  return t === '' ? undefined : t;
}

export function newConversationId(now = Date.now()): string {
  return `c${now.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The list the panel shows: newest activity first. Empty conversations are not listed. */
export function summaries<T>(list: readonly Conversation<T>[]): ConversationSummary[] {
  return list
    .filter((c) => c.turns.length > 0)
    .map((c) => ({ id: c.id, title: c.title, createdAt: c.createdAt, updatedAt: c.updatedAt, turns: c.turns.length }))
    .sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * Puts `conv` into the list (replacing the one with its id), keeps only the `max` most recently
 * updated non-empty ones, and returns the new list.
 */
export function upsert<T>(list: readonly Conversation<T>[], conv: Conversation<T>, max = MAX_CONVERSATIONS): Conversation<T>[] {
  const rest = list.filter((c) => c.id !== conv.id && c.turns.length > 0);
  const all = conv.turns.length > 0 ? [conv, ...rest] : rest;
  return all.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, max);
}

/**
 * Conversations read back from workspace state. Entries whose shape does not fit are dropped, and
 * so are turns `restoreTurn` rejects; a conversation left without turns is dropped too.
 */
export function restoreConversations<T>(value: unknown, restoreTurn: (v: unknown) => T | undefined): Conversation<T>[] {
  if (!Array.isArray(value)) return [];
  const out: Conversation<T>[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) continue;
    const r = v as Record<string, unknown>;
    if (typeof r.id !== 'string' || typeof r.title !== 'string' || !Array.isArray(r.turns)) continue;
    if (typeof r.createdAt !== 'number' || typeof r.updatedAt !== 'number') continue;
    const turns = r.turns.flatMap((t) => {
      const turn = restoreTurn(t);
      return turn === undefined ? [] : [turn];
    });
    if (turns.length === 0) continue;
    const conv: Conversation<T> = { id: r.id, title: r.title, createdAt: r.createdAt, updatedAt: r.updatedAt, turns };
    if (r.renamed === true) conv.renamed = true;
    out.push(conv);
  }
  return out.slice(0, MAX_CONVERSATIONS);
}

/** What the Markdown export needs of a turn. */
export interface ExportTurn {
  question: string;
  answer: string;
  sources: { n: number; path: string; startLine: number; endLine: number; symbol?: string }[];
  error?: string;
  stopped?: boolean;
}

/**
 * The conversation as a Markdown document: each question as a quoted block, the answer as written
 * (its `[n]` markers kept), and the turn's sources as a numbered list with path and lines.
 */
export function conversationMarkdown(title: string, createdAt: number, turns: readonly ExportTurn[]): string {
  const lines = [`# ${title}`, '', `_Lore conversation, ${new Date(createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC_`, ''];
  for (const t of turns) {
    lines.push('---', '', ...t.question.split('\n').map((l) => `> ${l}`.trimEnd()), '');
    if (t.answer.trim()) lines.push(t.answer.trim(), '');
    if (t.stopped) lines.push('_(stopped)_', '');
    if (t.error) lines.push(`_Error: ${t.error}_`, '');
    if (t.sources.length) {
      lines.push('Sources:', '');
      for (const s of t.sources) {
        const range = s.startLine === s.endLine ? `${s.startLine}` : `${s.startLine}-${s.endLine}`;
        lines.push(`${s.n}. \`${s.path}:${range}\`${s.symbol ? ` (${s.symbol})` : ''}`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
