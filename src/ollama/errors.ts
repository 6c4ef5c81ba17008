/**
 * Every failure of the Ollama layer becomes an OllamaError whose `advice` can be shown to the user
 * as is ("errors become advice", ARCHITECTURE.md "Invariants"); `detail`/`cause` keep the technical story for the log.
 */

export type OllamaErrorKind = 'unreachable' | 'model-missing' | 'server' | 'timeout' | 'aborted' | 'bad-response';

export interface OllamaErrorContext {
  host: string;
  model?: string;
  /** The limit that expired, for the advice of a `timeout`. */
  timeoutMs?: number;
}

export interface OllamaErrorInit extends OllamaErrorContext {
  kind: OllamaErrorKind;
  advice: string;
  detail?: string;
  status?: number;
  retryable?: boolean;
  cause?: unknown;
}

export class OllamaError extends Error {
  override readonly name = 'OllamaError';
  readonly kind: OllamaErrorKind;
  readonly host: string;
  readonly model?: string;
  readonly advice: string;
  /** The underlying message (`fetch failed: ECONNREFUSED`, the server's `error` field...). */
  readonly detail: string;
  /** HTTP status when the server answered with an error. */
  readonly status?: number;
  /** Connection failures, drops and 5xx may succeed on a later attempt; 4xx, aborts and timeouts won't. */
  readonly retryable: boolean;

  constructor(init: OllamaErrorInit) {
    super(init.advice, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.host = init.host;
    this.model = init.model;
    this.advice = init.advice;
    this.detail = init.detail ?? init.advice;
    this.status = init.status;
    this.retryable = init.retryable ?? false;
  }
}

/** Socket-level codes that mean "could not talk to the server at all" (seen on `cause`). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN',
  'ETIMEDOUT', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);

export function toOllamaError(err: unknown, ctx: OllamaErrorContext): OllamaError {
  if (err instanceof OllamaError) return err;
  const { host, model } = ctx;
  const e = err instanceof Error ? err : new Error(String(err));
  const base = { host, model, cause: err };
  const status = statusOf(err);

  if (e.name === 'AbortError') {
    return new OllamaError({ ...base, kind: 'aborted', advice: 'The request to Ollama was cancelled.', detail: e.message });
  }
  if (e.name === 'TimeoutError') return timeoutError(ctx, err);
  if (status !== undefined) return fromStatus(status, e.message, ctx, err);

  const code = connectionCode(e);
  if (e.message === 'terminated' || e.message.startsWith('Did not receive done')) {
    // undici reports a body cut short as `TypeError: terminated`; the ollama client reports a stream
    // that ended without its final `done` line. Either way the server (or the network) dropped us.
    return new OllamaError({
      ...base, kind: 'server', retryable: true, detail: describe(e, code),
      advice: `Ollama at ${host} closed the connection in the middle of a response - it may have crashed or run out of memory.`,
    });
  }
  if (code) {
    return new OllamaError({ ...base, kind: 'unreachable', retryable: true, detail: describe(e, code), advice: unreachableAdvice(host, code) });
  }
  if (e instanceof SyntaxError) {
    return new OllamaError({
      ...base, kind: 'bad-response', detail: e.message,
      advice: `Ollama at ${host} sent a response Lore could not read - is this address really an Ollama server?`,
    });
  }
  // Errors sent inside a stream (`{"error": "..."}`) arrive as plain Errors carrying the server's text.
  if (/pull model manifest|file does not exist/i.test(e.message)) {
    return new OllamaError({
      ...base, kind: 'model-missing', detail: e.message,
      advice: `Model \`${model ?? '?'}\` was not found in the Ollama library - check its name.`,
    });
  }
  return new OllamaError({ ...base, kind: 'server', detail: e.message, advice: `Ollama at ${host} reported an error: ${e.message}` });
}

export function timeoutError(ctx: OllamaErrorContext & { silent?: boolean }, cause?: unknown): OllamaError {
  const { silent, ...rest } = ctx;
  const seconds = ctx.timeoutMs !== undefined ? ` within ${Math.round(ctx.timeoutMs / 100) / 10} s` : ' in time';
  return new OllamaError({
    ...rest, kind: 'timeout', cause,
    advice: silent
      ? `Ollama at ${ctx.host} did not start answering${seconds} - it may be stuck, overloaded or loading a large model (lore.ollamaTimeoutSeconds or LORE_OLLAMA_TIMEOUT give it longer).`
      : `Ollama at ${ctx.host} did not answer${seconds} - it may still be loading the model or be overloaded.`,
  });
}

export function badResponse(ctx: OllamaErrorContext, detail: string): OllamaError {
  return new OllamaError({
    ...ctx, kind: 'bad-response', detail,
    advice: `Ollama at ${ctx.host} sent an unexpected response (${detail}).`,
  });
}

function fromStatus(status: number, message: string, ctx: OllamaErrorContext, cause: unknown): OllamaError {
  const { host, model } = ctx;
  const base = { host, model, cause, status, detail: message };
  if (status === 404 && /not found/i.test(message) && !/page not found/i.test(message)) {
    const name = model ?? /model "?([^"\s]+)"? not found/i.exec(message)?.[1] ?? 'the model';
    return new OllamaError({ ...base, kind: 'model-missing', advice: `Model \`${name}\` is not installed - run \`ollama pull ${name}\`.` });
  }
  if (status === 404) {
    return new OllamaError({
      ...base, kind: 'bad-response',
      advice: `${host} does not answer like an Ollama server (HTTP 404 on its API) - check the Ollama address.`,
    });
  }
  const unsupported = /does not support (chat|embed\w*|generate|completion|thinking)/i.exec(message)?.[1].toLowerCase();
  if (unsupported) {
    const advice = unsupported === 'thinking'
      ? `Model \`${model ?? '?'}\` does not support thinking - turn reasoning off for it.`
      : unsupported.startsWith('embed')
        ? `Model \`${model ?? '?'}\` cannot be used for embeddings - choose an embedding model in Lore's settings.`
        : `Model \`${model ?? '?'}\` cannot be used for chat - choose a chat model in Lore's settings.`;
    return new OllamaError({ ...base, kind: 'server', advice });
  }
  return new OllamaError({
    ...base, kind: 'server', retryable: status >= 500,
    advice: `Ollama at ${host} failed with HTTP ${status}: ${message}`,
  });
}

function unreachableAdvice(host: string, code: string): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Ollama host ${host} could not be resolved - check the Ollama address in Lore's settings.`;
  return `Ollama is not reachable at ${host} - start it with \`ollama serve\` (or check the Ollama address in Lore's settings).`;
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status_code?: unknown }).status_code;
  return typeof status === 'number' ? status : undefined;
}

/** First connection error code on the cause chain (fetch wraps it; happy-eyeballs nests AggregateErrors). */
function connectionCode(err: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
  if (err instanceof AggregateError) {
    for (const inner of err.errors) {
      const found = connectionCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return connectionCode((err as { cause?: unknown }).cause, depth + 1);
}

function describe(e: Error, code: string | undefined): string {
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}${code && !cause.includes(code) ? ` (${code})` : ''}`;
}
