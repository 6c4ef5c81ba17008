/**
 * Follow-up questions ("and where is it tested?") retrieve badly on their own: the subject lives
 * in the previous turn. Before retrieval we ask the chat model for a standalone rewrite, bounded by
 * a short timeout; when that fails in any way (no model, slow, empty or rambling reply) a
 * deterministic heuristic appends the salient terms of the last turn instead.
 *
 * The rewrite is only a search query: it is never shown as the question and never carries
 * reasoning (`<think>` output is stripped from the reply).
 */
import { turnMessages, type ChatTurn } from './history';
import type { PromptMessage } from './prompt';
import { stripThinking } from './thinkParser';

/** One non-streaming chat completion; the Ollama layer provides it (ideally with thinking off). */
export type ChatOnce = (messages: PromptMessage[], signal: AbortSignal) => Promise<string>;

export interface RewriteOptions {
  /** Default 6000: a follow-up should not wait long for a nicer query. */
  timeoutMs?: number;
}

const TURNS_SHOWN = 3;
const ANSWER_CHARS = 600;
const MAX_TERMS = 8;

const REWRITE_SYSTEM = [
  'You rewrite the follow-up question of a conversation about a code workspace into one standalone question',
  'that can be understood without the conversation. Keep file names, identifiers and technical terms exactly.',
  'Do not answer the question. Reply with the rewritten question only.',
].join(' ');

export async function rewriteForRetrieval(
  question: string,
  history: readonly ChatTurn[],
  chat?: ChatOnce,
  signal?: AbortSignal,
  options: RewriteOptions = {},
): Promise<string> {
  const answered = history.filter((t) => turnMessages(t).length > 0);
  if (answered.length === 0) return question;
  const fallback = heuristicRewrite(question, answered);
  if (!chat || signal?.aborted) return fallback;

  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ctrl.abort(new Error('follow-up rewrite timed out')), options.timeoutMs ?? 6000);
  try {
    // Race the abort too: a chat function that ignores its signal must not hold the turn up.
    const reply = await Promise.race([chat(rewriteMessages(question, answered), ctrl.signal), rejectOnAbort(ctrl.signal)]);
    return cleanReply(reply, question) ?? fallback;
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function rewriteMessages(question: string, history: readonly ChatTurn[]): PromptMessage[] {
  const lines: string[] = [];
  for (const turn of history.slice(-TURNS_SHOWN)) {
    for (const m of turnMessages(turn)) {
      const text = m.content.length > ANSWER_CHARS ? `${m.content.slice(0, ANSWER_CHARS)}...` : m.content;
      lines.push(`${m.role === 'user' ? 'User' : 'Assistant'}: ${text}`);
    }
  }
  return [
    { role: 'system', content: REWRITE_SYSTEM },
    // The follow-up comes last: models (and ollama-sim) read the final line as the thing to rewrite.
    { role: 'user', content: `Conversation:\n${lines.join('\n')}\n\nFollow-up question: ${question}` },
  ];
}

/** The rewritten question, or undefined when the reply is not usable as one. */
function cleanReply(reply: unknown, question: string): string | undefined {
  if (typeof reply !== 'string') return undefined;
  const first = stripThinking(reply)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!first) return undefined;
  const text = first
    .replace(/^(?:\*\*)?(?:standalone|rewritten)(?: question)?:?(?:\*\*)?:?\s*/i, '')
    .replace(/^["'“`](.*)["'”`]$/, '$1')
    .trim();
  if (text === '' || text.length > Math.max(400, question.length * 4)) return undefined;
  return text;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

const STOP_WORDS = new Set(
  ('about above after again also does each from have here how into just like make more most only other ' +
    'same should some such than that their them then there these they this those through used uses using ' +
    'very what when where which while whom whose why will with would your code file files work works explain')
    .split(' '),
);

/** The question plus the salient terms of the last answered turn that it does not already name. */
function heuristicRewrite(question: string, history: readonly ChatTurn[]): string {
  const last = [...history].reverse().find((t) => turnMessages(t).length > 0);
  if (!last) return question;
  const answer = stripThinking(last.answer);
  const candidates = [
    ...codeSpans(last.question),
    ...identifiers(last.question),
    ...words(last.question),
    ...codeSpans(answer),
    ...last.sources.slice(0, 3).map((s) => s.path.split('/').pop() ?? s.path),
    ...identifiers(answer),
  ];
  const have = question.toLowerCase();
  const terms: string[] = [];
  for (const c of candidates) {
    const term = c.trim();
    const key = term.toLowerCase();
    if (term === '' || term.length > 60 || have.includes(key) || terms.some((t) => t.toLowerCase() === key)) continue;
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms.length > 0 ? `${question} ${terms.join(' ')}` : question;
}

function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

/** Tokens that look like code: camelCase, snake_case, dotted or file names. */
function identifiers(text: string): string[] {
  const tokens = text.match(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g) ?? [];
  return tokens.filter((t) => /[a-z][A-Z]|_|\.|^[A-Z][a-z]+[A-Z]/.test(t));
}

function words(text: string): string[] {
  return (text.match(/[A-Za-z][A-Za-z-]{3,}/g) ?? []).filter((w) => !STOP_WORDS.has(w.toLowerCase()));
}
