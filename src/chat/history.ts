/**
 * Chat history: the turns of one conversation, trimmed to a token budget for the prompt and
 * persisted by the extension in workspace state (so everything here is plain JSON data).
 *
 * A turn stores the answer without reasoning: `<think>` output is shown once and then dropped, so
 * it never re-enters a prompt (it is long, and models are not meant to see their old reasoning).
 */
import type { ChunkKind } from '../indexer/types';
import { findCitations, type NumberedSource } from './citations';
import { stripThinking } from './thinkParser';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';

/** Code the user selected for "Ask about selection". */
export interface ChatSelection {
  path: string;
  language: string;
  startLine: number;
  endLine: number;
  text: string;
}

export interface ChatTurn {
  id: string;
  question: string;
  /** The answer as shown, without reasoning; partial when `stopped` or `error` is set. */
  answer: string;
  sources: NumberedSource[];
  selection?: ChatSelection;
  createdAt: number;
  error?: string;
  stopped?: boolean;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The turn as prompt messages, or none when it has no answer to learn from (failed before any
 * text). Old `[n]` markers are removed: they point at the old turn's sources, and the model would
 * otherwise reuse them against the new numbering.
 */
export function turnMessages(turn: ChatTurn): HistoryMessage[] {
  let answer = stripThinking(turn.answer);
  const spans = findCitations(answer, Number.MAX_SAFE_INTEGER);
  for (const s of spans.reverse()) {
    // Take the space before the marker along, so `works [1].` becomes `works.`.
    let start = s.start;
    while (start > 0 && (answer[start - 1] === ' ' || answer[start - 1] === '\t')) start--;
    answer = answer.slice(0, start) + answer.slice(s.end);
  }
  answer = answer.trim();
  if (answer === '') return [];
  const sel = turn.selection;
  const about = sel ? `(About the selected code ${sel.path}:${sel.startLine}-${sel.endLine}) ` : '';
  return [
    { role: 'user', content: about + turn.question },
    { role: 'assistant', content: answer },
  ];
}

export function messagesTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}

/**
 * The newest turns whose messages fit in `budgetTokens`, oldest first. Dropping stops at the first
 * turn that does not fit, so the kept history is always a contiguous recent stretch.
 */
export function trimHistory(turns: readonly ChatTurn[], budgetTokens: number): ChatTurn[] {
  const kept: ChatTurn[] = [];
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const cost = messagesTokens(turnMessages(turns[i]));
    if (cost === 0) continue;
    if (used + cost > budgetTokens) break;
    used += cost;
    kept.push(turns[i]);
  }
  return kept.reverse();
}

/**
 * Turns read back from workspace state. The stored value may come from an older version or be
 * damaged, so every field is checked and turns that do not fit the shape are dropped.
 */
export function restoreHistory(value: unknown): ChatTurn[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v): ChatTurn[] => {
    const turn = toTurn(v);
    return turn ? [turn] : [];
  });
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isLine = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
const KINDS: readonly ChunkKind[] = ['code', 'doc', 'text'];

function toTurn(v: unknown): ChatTurn | undefined {
  if (!isRec(v) || !isStr(v.id) || !isStr(v.question) || !isStr(v.answer)) return undefined;
  if (typeof v.createdAt !== 'number' || !Array.isArray(v.sources)) return undefined;
  const sources = v.sources.map(toSource);
  if (sources.some((s) => s === undefined)) return undefined;
  const turn: ChatTurn = {
    id: v.id,
    question: v.question,
    answer: v.answer,
    sources: sources as NumberedSource[],
    createdAt: v.createdAt,
  };
  if (v.selection !== undefined) {
    const sel = toSelection(v.selection);
    if (!sel) return undefined;
    turn.selection = sel;
  }
  if (isStr(v.error)) turn.error = v.error;
  if (v.stopped === true) turn.stopped = true;
  return turn;
}

function toSource(v: unknown): NumberedSource | undefined {
  if (!isRec(v) || !isLine(v.n) || !isStr(v.path) || !isLine(v.startLine) || !isLine(v.endLine)) return undefined;
  if (!isStr(v.language) || !KINDS.includes(v.kind as ChunkKind)) return undefined;
  const s: NumberedSource = {
    n: v.n,
    path: v.path,
    startLine: v.startLine,
    endLine: v.endLine,
    language: v.language,
    kind: v.kind as ChunkKind,
  };
  if (isStr(v.symbol)) s.symbol = v.symbol;
  if (isStr(v.folder)) s.folder = v.folder;
  return s;
}

function toSelection(v: unknown): ChatSelection | undefined {
  if (!isRec(v) || !isStr(v.path) || !isStr(v.language) || !isStr(v.text)) return undefined;
  if (!isLine(v.startLine) || !isLine(v.endLine)) return undefined;
  return { path: v.path, language: v.language, startLine: v.startLine, endLine: v.endLine, text: v.text };
}
