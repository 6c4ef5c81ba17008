/**
 * One chat turn as an async iterator of events: rewrite a follow-up for retrieval, retrieve,
 * build the prompt, stream the answer with reasoning split off, end with the finished turn.
 *
 * Everything outside is injected (retrieval, the Ollama chat calls), so the turn runs under plain
 * Node in tests. Stop means "now": every wait is raced against the abort signal, so a backend that
 * is slow to honour its signal cannot keep the UI in the "answering" state.
 */
import { parseCitations, type NumberedSource } from './citations';
import { rewriteForRetrieval } from './followUp';
import type { ChatSelection, ChatTurn } from './history';
import { buildPrompt, type PromptMessage } from './prompt';
import type { RetrievedChunk } from '../indexer/types';
import { passagesHeading } from './questionLanguage';
import { ThinkSplitter } from './thinkParser';

export type ChatEvent =
  | { type: 'status'; text: string }
  | { type: 'sources'; sources: NumberedSource[] }
  | { type: 'thinking'; delta: string }
  | { type: 'answer'; delta: string }
  | { type: 'done'; turn: ChatTurn; cited: number[] }
  | {
      type: 'error';
      message: string;
      /** What the user can do; for Ollama errors it repeats `message`, so show advice, else message. */
      advice?: string;
      /** `OllamaError.kind` when the failure came from Ollama (`unreachable`, `model-missing`...). */
      kind?: string;
      partialAnswer: string;
      /** Sources to show instead of an answer when retrieval worked but the model did not. */
      retrievalOnly?: NumberedSource[];
      /** Their text, `passages[n - 1]` for source n (as put in the prompt). */
      passages?: string[];
      /** The line to show above those passages, in the question's language (Chinese for a Chinese question). */
      passagesHeading?: string;
      /** The failed turn (with `error` set), for history; always set by runTurn. */
      turn?: ChatTurn;
    };

export interface ChatStreamPart {
  content: string;
  thinking: string;
  done: boolean;
}

export interface ChatDeps {
  retrieve: (query: string, signal: AbortSignal) => Promise<RetrievedChunk[]>;
  chatStream: (messages: PromptMessage[], signal: AbortSignal) => AsyncIterable<ChatStreamPart>;
  /** Non-streaming chat for follow-up rewriting; without it a heuristic rewrite is used. */
  chatOnce?: (messages: PromptMessage[], signal: AbortSignal) => Promise<string>;
  budgetTokens: number;
  /** The status line while retrieving; default "Searching the workspace..." (ask.ts names added search terms). */
  searchStatus?: string;
  /** Injectable for tests. */
  now?: () => number;
  newId?: () => string;
}

export interface TurnInput {
  question: string;
  history: ChatTurn[];
  selection?: ChatSelection;
}

/** Selected text added to the retrieval query, so "Ask about selection" finds related code. */
const SELECTION_QUERY_CHARS = 1500;

/** Errors from the Ollama layer (`OllamaError`) and others, read structurally. */
interface ErrorInfo {
  message: string;
  advice?: string;
  kind?: string;
}

export async function* runTurn(deps: ChatDeps, input: TurnInput, signal: AbortSignal): AsyncGenerator<ChatEvent> {
  const turn: ChatTurn = {
    id: (deps.newId ?? (() => globalThis.crypto.randomUUID()))(),
    question: input.question,
    answer: '',
    sources: [],
    createdAt: (deps.now ?? Date.now)(),
  };
  if (input.selection) turn.selection = input.selection;
  const aborted = abortPromise(signal);
  const stopped = (): ChatEvent => ({ type: 'done', turn: { ...turn, stopped: true }, cited: cite(turn) });
  if (signal.aborted) {
    yield stopped();
    return;
  }

  let query = input.question;
  if (input.history.length > 0) {
    yield { type: 'status', text: 'Understanding the follow-up question...' };
    try {
      query = await Promise.race([rewriteForRetrieval(input.question, input.history, deps.chatOnce, signal), aborted]);
    } catch {
      // The rewrite itself never rejects (it falls back), so this is the abort race.
      yield stopped();
      return;
    }
  }
  if (input.selection) query += `\n\n${input.selection.text.slice(0, SELECTION_QUERY_CHARS)}`;

  yield { type: 'status', text: deps.searchStatus ?? 'Searching the workspace...' };
  let chunks: RetrievedChunk[];
  try {
    chunks = await Promise.race([deps.retrieve(query, signal), aborted]);
  } catch (err) {
    if (signal.aborted) {
      yield stopped();
    } else {
      const info = errorInfo(err);
      yield failed(turn, { ...info, message: `Searching the workspace failed: ${info.message}` });
    }
    return;
  }

  const prompt = buildPrompt({
    question: input.question,
    sources: chunks,
    history: input.history,
    budgetTokens: deps.budgetTokens,
    selection: input.selection,
  });
  turn.sources = prompt.sources;
  const passages = prompt.sourceTexts;
  yield { type: 'sources', sources: prompt.sources };
  yield { type: 'status', text: 'Waiting for the model...' };

  const splitter = new ThinkSplitter();
  let stream: AsyncIterator<ChatStreamPart> | undefined;
  let failure: unknown;
  let finished = false;
  try {
    stream = deps.chatStream(prompt.messages, signal)[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([stream.next(), aborted]);
      if (next.done) break;
      const out = splitter.push(next.value.content ?? '', next.value.thinking ?? '');
      if (out.thinking) yield { type: 'thinking', delta: out.thinking };
      if (out.answer) {
        turn.answer += out.answer;
        yield { type: 'answer', delta: out.answer };
      }
      if (next.value.done) break;
    }
    finished = true;
  } catch (err) {
    failure = err;
  } finally {
    // Not awaited: a generator busy in its own await would hold us until its next chunk.
    if (!finished) stream?.return?.()?.catch(() => {});
  }

  const rest = splitter.end();
  if (rest.thinking && !signal.aborted) yield { type: 'thinking', delta: rest.thinking };
  if (rest.answer) {
    turn.answer += rest.answer;
    if (!signal.aborted) yield { type: 'answer', delta: rest.answer };
  }
  if (signal.aborted) {
    yield stopped();
  } else if (failure !== undefined) {
    const info = errorInfo(failure);
    // With no answer, or with the model gone, the retrieved passages are the best we can show.
    const showSources = turn.sources.length > 0 && (turn.answer.trim() === '' || info.kind === 'unreachable');
    yield failed(turn, info, showSources ? { sources: turn.sources, passages } : undefined);
  } else {
    yield { type: 'done', turn: { ...turn }, cited: cite(turn) };
  }
}

function cite(turn: ChatTurn): number[] {
  return parseCitations(turn.answer, turn.sources.length);
}

function failed(turn: ChatTurn, info: ErrorInfo, retrievalOnly?: { sources: NumberedSource[]; passages: string[] }): ChatEvent {
  const event: ChatEvent = {
    type: 'error',
    message: info.message,
    partialAnswer: turn.answer,
    turn: { ...turn, error: info.message },
  };
  if (info.advice) event.advice = info.advice;
  if (info.kind) event.kind = info.kind;
  if (retrievalOnly) {
    event.retrievalOnly = retrievalOnly.sources;
    event.passages = retrievalOnly.passages;
    event.passagesHeading = passagesHeading(turn.question, retrievalOnly.sources.length);
  }
  return event;
}

function errorInfo(err: unknown): ErrorInfo {
  const rec = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  const message = typeof rec.message === 'string' && rec.message !== '' ? rec.message : String(err);
  const info: ErrorInfo = { message };
  if (typeof rec.advice === 'string' && rec.advice !== '') info.advice = rec.advice;
  if (typeof rec.kind === 'string') info.kind = rec.kind;
  return info;
}

/** Rejects when `signal` aborts; one listener per turn, however many awaits race it. */
function abortPromise(signal: AbortSignal): Promise<never> {
  const p = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  p.catch(() => {}); // raced many times; an abort nobody awaits is not an unhandled rejection
  return p;
}
