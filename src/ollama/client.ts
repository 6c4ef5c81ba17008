import { Ollama, type AbortableAsyncIterator } from 'ollama';
import { badResponse, timeoutError, type OllamaErrorContext } from './errors';
import { normalizeHost, sameModel } from './host';
import { RequestScope } from './requestScope';

export interface OllamaClientOptions {
  /** `http://127.0.0.1:11434`, `localhost:11434`, `:11434`... (same forms as OLLAMA_HOST). */
  host: string;
  /** Limit for a whole non-streamed request, and for the first chunk of a stream (model loading). Default 120 s. */
  requestTimeoutMs?: number;
  /** Longest gap allowed between two chunks of a stream once it has started. Default 60 s. */
  streamIdleTimeoutMs?: number;
  /**
   * Limit for connecting and receiving the response's first byte (its headers), for every request:
   * a server that accepts connections but never answers is given up after this, and callers fall
   * back (keyword search). Once a response has begun, only the two limits above apply, so a long
   * answer or a slow stream is never cut by it. Default: LORE_OLLAMA_TIMEOUT (seconds) or 30 s.
   */
  firstByteTimeoutMs?: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** true: reasoning arrives in `thinking`; false: asks the model not to reason; unset: model default (`<think>` in content). */
  think?: boolean;
  options?: Record<string, number>;
}

export interface ChatChunk {
  content: string;
  thinking: string;
  done: boolean;
}

export interface ModelInfo {
  name: string;
  size: number;
  family?: string;
}

export interface PullProgress {
  status: string;
  completed?: number;
  total?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 30_000;
/** After a request got no first byte, the next one first asks /api/version within this. */
const LIVENESS_TIMEOUT_MS = 3_000;

/** LORE_OLLAMA_TIMEOUT (seconds, > 0) as milliseconds, else undefined: how the CLI sets the limit. */
export function firstByteTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const seconds = Number(env.LORE_OLLAMA_TIMEOUT);
  return env.LORE_OLLAMA_TIMEOUT && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Lore's only door to Ollama. Wraps the pinned `ollama` client so that every call can be cancelled
 * through an AbortSignal, none can hang past its deadline, and every failure is an OllamaError.
 */
export class OllamaClient {
  readonly host: string;
  private readonly requestTimeoutMs: number;
  private readonly streamIdleTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  /**
   * Set when a request got no first byte: the server may be stuck, or only slow loading a model.
   * Before the next request, /api/version (answered at once by a working server, even while it
   * loads a model) tells the two apart, so `lore ask` waits once on a stuck server, not per request.
   */
  private silent = false;

  constructor(opts: OllamaClientOptions) {
    this.host = normalizeHost(opts.host);
    this.requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.streamIdleTimeoutMs = opts.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
    this.firstByteTimeoutMs = opts.firstByteTimeoutMs ?? firstByteTimeoutFromEnv() ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS;
  }

  async version(signal?: AbortSignal): Promise<string> {
    const res = await this.call(undefined, signal, (api) => api.version());
    if (typeof res?.version !== 'string') throw badResponse({ host: this.host }, '/api/version without a version');
    return res.version;
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const res = await this.call(undefined, signal, (api) => api.list());
    if (!Array.isArray(res?.models)) throw badResponse({ host: this.host }, '/api/tags without a model list');
    return res.models.map((m) => ({ name: m.name, size: m.size, family: m.details?.family || undefined }));
  }

  /** `x` and `x:latest` name the same model. */
  async hasModel(name: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.listModels(signal)).some((m) => sameModel(m.name, name));
  }

  /** One `/api/embed` request; vectors come back in input order, as the server sent them (not normalised). */
  async embed(model: string, texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    const res = await this.call(model, signal, (api) => api.embed({ model, input: texts }));
    const ctx = { host: this.host, model };
    const vectors: unknown = res?.embeddings;
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw badResponse(ctx, `${Array.isArray(vectors) ? vectors.length : 'no'} embeddings for ${texts.length} inputs`);
    }
    for (const [i, v] of vectors.entries()) {
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw badResponse(ctx, `embedding ${i + 1} of ${texts.length} is not a list of finite numbers`);
      }
      // A zero vector has no direction: normalising it gives NaN, and it would match nothing (or, as
      // NaN, everything). A model or server that returns one is broken; nothing of it is stored.
      if (v.every((x) => x === 0)) throw badResponse(ctx, `embedding ${i + 1} of ${texts.length} is all zeros`);
    }
    return vectors as number[][];
  }

  /** Non-streamed chat (follow-up rewriting and other short, internal prompts). Returns the message content. */
  async chat(req: ChatRequest, signal?: AbortSignal): Promise<string> {
    const res = await this.call(req.model, signal, (api) => api.chat({ ...req, stream: false }));
    const content: unknown = res?.message?.content;
    if (typeof content !== 'string') throw badResponse({ host: this.host, model: req.model }, 'a chat reply without content');
    return content;
  }

  async *chatStream(req: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatChunk> {
    const stream = this.stream(req.model, signal, this.streamIdleTimeoutMs, (api) => api.chat({ ...req, stream: true }));
    for await (const part of stream) {
      yield { content: part.message?.content ?? '', thinking: part.message?.thinking ?? '', done: part.done === true };
    }
  }

  async *pull(model: string, signal?: AbortSignal): AsyncIterable<PullProgress> {
    // Layer verification can be silent for a long time, so a pull only fails on the long deadline.
    const idle = Math.max(this.requestTimeoutMs, this.streamIdleTimeoutMs);
    for await (const p of this.stream(model, signal, idle, (api) => api.pull({ model, stream: true }))) {
      yield { status: p.status, completed: p.completed ?? undefined, total: p.total ?? undefined };
    }
  }

  /**
   * A fresh `ollama` client per request whose fetch also obeys the scope's signal: the library only
   * passes a signal for streams, so this is what makes plain calls (embed, list...) cancellable and
   * bounded. fetch resolves when the headers arrive: that ends the first-byte deadline.
   */
  private api(scope: RequestScope): Ollama {
    const signal = scope.signal;
    const bound: typeof fetch = async (input, init) => {
      const responded = scope.armFirstByte(this.firstByteTimeoutMs);
      try {
        return await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
      } finally {
        responded();
      }
    };
    return new Ollama({ host: this.host, fetch: bound });
  }

  private async call<T>(model: string | undefined, signal: AbortSignal | undefined, run: (api: Ollama) => Promise<T>): Promise<T> {
    const ctx: OllamaErrorContext = { host: this.host, model };
    await this.stillSilent(ctx, signal);
    const scope = new RequestScope(signal);
    scope.arm(this.requestTimeoutMs);
    try {
      scope.throwIfStopped(ctx);
      return await run(this.api(scope));
    } catch (err) {
      if (scope.timedOutSilent) this.silent = true;
      throw scope.error(err, ctx);
    } finally {
      scope.dispose();
    }
  }

  /** Throws the silent-server timeout at once when the server still does not answer /api/version. */
  private async stillSilent(ctx: OllamaErrorContext, signal: AbortSignal | undefined): Promise<void> {
    if (!this.silent) return;
    const scope = new RequestScope(signal);
    scope.arm(Math.min(LIVENESS_TIMEOUT_MS, this.firstByteTimeoutMs / 4));
    try {
      await this.api(scope).version();
      this.silent = false;
    } catch (err) {
      const e = scope.error(err, ctx);
      throw e.kind === 'timeout' ? timeoutError({ ...ctx, timeoutMs: this.firstByteTimeoutMs, silent: true }, err) : e;
    } finally {
      scope.dispose();
    }
  }

  /** Runs a streamed request; leaving the loop early (or an abort/timeout) cancels the HTTP request. */
  private async *stream<T extends object>(
    model: string,
    signal: AbortSignal | undefined,
    idleMs: number,
    start: (api: Ollama) => Promise<AbortableAsyncIterator<T>>,
  ): AsyncGenerator<T> {
    const ctx: OllamaErrorContext = { host: this.host, model };
    await this.stillSilent(ctx, signal);
    const scope = new RequestScope(signal);
    try {
      scope.throwIfStopped(ctx);
      // Headers only come with the first chunk, after the model loaded and read the prompt.
      scope.arm(this.requestTimeoutMs);
      const iterator = (await start(this.api(scope)))[Symbol.asyncIterator]();
      for (;;) {
        const next = await iterator.next();
        // The deadline covers waiting for the server, not the time the consumer spends on a chunk.
        scope.disarm();
        if (next.done) return;
        yield next.value;
        scope.throwIfStopped(ctx);
        scope.arm(idleMs);
      }
    } catch (err) {
      if (scope.timedOutSilent) this.silent = true;
      throw scope.error(err, ctx);
    } finally {
      scope.dispose();
    }
  }
}
