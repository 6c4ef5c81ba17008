/**
 * Optional query rewriting (`lore.rewriteQueries`, `--rewrite`): before retrieval, the chat model
 * reads a bug report, traceback or "where is X" question and names search terms, likely identifiers
 * and file names. The terms the question does not already contain are appended to the retrieval
 * query, never replacing it, so a bad reply can add noise but not lose what the question finds.
 *
 * The model's reply is untrusted text: only short identifier-like terms survive parsing (no prose,
 * markup or control characters), and the terms go to the search only, never into the answer's
 * prompt, so a reply cannot instruct the answering model. Off by default: on a CPU, a second model
 * call before every answer costs seconds. Any failure (timeout, error, empty or unusable reply) falls
 * back to the question as typed, with one log line.
 */
import type { OllamaClient } from '../ollama';
import type { LoreSettings } from '../settings';
import { queryIntent } from '../indexer/query/intent';
import type { PromptMessage } from './prompt';
import { stripThinking } from './thinkParser';

export interface QueryRewriteOptions {
  model: string;
  /** The time budget of the model call; default REWRITE_BUDGET_MS. */
  timeoutMs?: number;
  /** One line per rewrite: the terms, or why there are none. */
  log?: (line: string) => void;
}

export interface QueryRewrite {
  /** Search terms to add to the query; empty when the rewrite failed or found none. */
  terms: string[];
  /** Why there are no terms (`timed out after 15 s`, `no usable terms in the reply`, `stopped`...); unset on success. */
  failure?: string;
}

/** The log line of a question the rewrite leaves alone (see wantsRewrite). */
export const NOT_REWRITTEN = 'Query rewrite skipped: not a bug report, traceback or "where is" question; searching with the question as typed';

/** Longest wait for the terms; the caller's configured Ollama timeout lowers it. */
export const REWRITE_BUDGET_MS = 15_000;
export const MAX_TERMS = 8;
/** Appended terms in all, so a rambling reply cannot outweigh the question itself. */
const MAX_TERMS_CHARS = 300;
const MAX_TERM_CHARS = 64;
/** Words of one term: `legend offset` is a term, a sentence is not. */
const MAX_TERM_WORDS = 3;
/** What of a long report the model reads: its head carries the title, the error and the code. */
const MAX_QUESTION_CHARS = 6000;
/** Only so much of a reply is read; a reply this long is rambling anyway. */
const MAX_REPLY_CHARS = 2000;
/** Tokens to generate: eight short terms fit, an essay does not. */
const NUM_PREDICT = 96;

const SYSTEM = [
  'You turn a question or bug report about a code base into search terms for a code search engine.',
  `Reply with at most ${MAX_TERMS} search terms, one per line: names of the functions, classes, methods, modules`,
  'and files that the code to look at most likely contains but the text does not spell out (it is searched anyway),',
  'and distinctive words for what it describes. No explanations, no numbering, no other text.',
].join(' ');

/** The ask input's `rewrite` from the settings: off unless `lore.rewriteQueries`; the Ollama timeout caps the budget. */
export function rewriteFromSettings(settings: Pick<LoreSettings, 'rewriteQueries' | 'ollamaTimeoutSeconds'>): { timeoutMs: number } | undefined {
  return settings.rewriteQueries ? { timeoutMs: Math.min(REWRITE_BUDGET_MS, settings.ollamaTimeoutSeconds * 1000) } : undefined;
}

/**
 * Whether a question is worth a model call: a report, traceback or error (the locate intent), a
 * "where is / which file" question, or a long text. A short question in words retrieves well as is.
 */
export function wantsRewrite(question: string): boolean {
  const q = question.trim();
  if (q === '') return false;
  return queryIntent(q).locate || /^(where\b|which (file|module|class|function|method)s?\b)/i.test(q) || q.length >= 400;
}

/** The retrieval query with the terms appended on a line of their own (the topic line stays the question's). */
export function withSearchTerms(query: string, terms: readonly string[]): string {
  return terms.length === 0 ? query : `${query}\n${terms.join(' ')}`;
}

/** Asks the chat model for search terms within the budget; never rejects (failures give no terms). */
export async function rewriteQuery(
  question: string,
  chat: Pick<OllamaClient, 'chat'>,
  options: QueryRewriteOptions,
  signal: AbortSignal,
): Promise<QueryRewrite> {
  const budget = Math.max(1, options.timeoutMs ?? REWRITE_BUDGET_MS);
  const started = Date.now();
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) ctrl.abort(signal.reason);
  const timer = setTimeout(() => ctrl.abort(new Error('budget')), budget);
  let result: QueryRewrite;
  try {
    const request = chat.chat(
      { model: options.model, messages: rewriteMessages(question), think: false, options: { temperature: 0, num_predict: NUM_PREDICT } },
      ctrl.signal,
    );
    // Raced too: a client slow to honour its signal must not hold the turn past the budget.
    const reply = await Promise.race([request, rejectOnAbort(ctrl.signal)]);
    const parsed = parseSearchTerms(reply);
    // Only what the question lacks: repeating its own names re-weights the query, and on the bug
    // set (test/eval/bugRewrite.ts, sim terms = the report's names) that cost Acc@1 instead of helping.
    const asked = question.toLowerCase();
    const terms = parsed.filter((t) => !asked.includes(t.toLowerCase()));
    result = terms.length > 0
      ? { terms }
      : { terms, failure: parsed.length > 0 ? 'the reply names nothing the question does not' : 'no usable terms in the reply' };
  } catch (err) {
    const failure = signal.aborted
      ? 'stopped'
      : ctrl.signal.aborted
        ? `timed out after ${formatSeconds(budget)}`
        : err instanceof Error ? err.message : String(err);
    result = { terms: [], failure };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  if (result.failure !== 'stopped') {
    const took = formatSeconds(Date.now() - started);
    options.log?.(result.failure === undefined
      ? `Query rewrite: searched also for: ${result.terms.join(', ')} (${took})`
      : `Query rewrite skipped (${oneLine(result.failure)}, ${took}); searching with the question as typed`);
  }
  return result;
}

function rewriteMessages(question: string): PromptMessage[] {
  const text = question.length > MAX_QUESTION_CHARS ? `${question.slice(0, MAX_QUESTION_CHARS)}\n[...]` : question;
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `${text}\n\nSearch terms (one per line):` },
  ];
}

/** Terminal escape sequences (CSI `ESC [ ... m`, OSC `ESC ] ... BEL`), removed whole so no `[31m` remains. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/g;
/** Invisible and control characters (bidi overrides, zero-width spaces, escapes), except line breaks. */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** Identifier-ish words, starting like a name: names, dotted paths, file names, `a::b`, `a/b.py`, `kebab-case`. */
const TERM_WORD = /^[\p{L}_$][\p{L}\p{N}_$.:/\\-]*$/u;
const LIST_MARKER = /^\s*(?:[-*+•>]+|\d{1,2}[.)]|#{1,6})\s+/;
const TERM_WRAPPER = /^[\s"'`“”‘’*_[(<]+|[\s"'`“”‘’*_\])>,;.:]+$/g;

/**
 * The search terms in a model's reply, defensively: reasoning, fences, list markers, quotes and
 * emphasis are stripped; lines and comma-separated items are candidates; a candidate survives only
 * as one to three identifier-like words (so prose, preambles such as "Here are the terms:" and
 * instructions do not); duplicates, overlong terms and anything past the caps are dropped.
 */
export function parseSearchTerms(reply: unknown): string[] {
  if (typeof reply !== 'string') return [];
  const text = stripThinking(reply.slice(0, MAX_REPLY_CHARS)).replace(/<\/?think>/gi, '');
  const terms: string[] = [];
  const seen = new Set<string>();
  let chars = 0;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\t/g, ' ').replace(ESCAPES, '').replace(CONTROL, '');
    // A preamble ("Search terms:") or a fence line says nothing itself.
    if (/^\s*(```|~~~)/.test(line) || /:\s*$/.test(line)) continue;
    for (const item of line.replace(LIST_MARKER, '').split(/[,;|]/)) {
      const term = item.replace(TERM_WRAPPER, '').replace(/\s+/g, ' ').trim();
      if (!isTerm(term)) continue;
      const key = term.toLowerCase();
      if (seen.has(key) || chars + term.length > MAX_TERMS_CHARS) continue;
      seen.add(key);
      terms.push(term);
      chars += term.length + 1;
      if (terms.length === MAX_TERMS) return terms;
    }
  }
  return terms;
}

function isTerm(term: string): boolean {
  if (term.length < 2 || term.length > MAX_TERM_CHARS || !/\p{L}/u.test(term)) return false;
  const words = term.split(' ');
  return words.length <= MAX_TERM_WORDS && words.every((w) => TERM_WORD.test(w));
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function oneLine(text: string): string {
  const flat = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
