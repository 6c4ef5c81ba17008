import pLimit, { type LimitFunction } from 'p-limit';
import { OllamaError, toOllamaError, type OllamaClient } from '../ollama';
import { prefixWithinTokens } from '../util/tokenEstimate';
import { contextTokensFor, prefixesFor, type ModelPrefixes, type PrefixOverride } from './modelPrefixes';

export interface EmbedderOptions {
  model: string;
  /** Texts per `/api/embed` request. Default 32. */
  batchSize?: number;
  /** Document requests in flight at once, across all calls on this embedder. Default 1 (keeps chat responsive). */
  concurrency?: number;
  /** Extra attempts after a connection error, a dropped response or a 5xx. Default 3. */
  maxRetries?: number;
  /** First backoff delay; doubles per attempt, capped at 10 s. Default 500 ms. */
  retryBaseMs?: number;
  prefixes?: PrefixOverride;
  /** Overrides the input length limit derived from the model's context. */
  maxInputChars?: number;
  onRetry?: (attempt: number, err: OllamaError) => void;
}

/**
 * Embedding tokenizers (WordPiece/BPE) need fewer than 3 characters per token on code and
 * identifiers; 2.5 keeps ASCII inputs inside the context for nearly everything seen in practice,
 * at the cost of trimming some prose early. Other characters (Chinese, Japanese, emoji) count a
 * token each (util/tokenEstimate.ts). A few tokens are reserved for special tokens.
 */
const CHARS_PER_TOKEN = 2.5;
const RESERVED_TOKENS = 8;
const MAX_BACKOFF_MS = 10_000;

/** Turns texts into L2-normalised vectors through Ollama, with the model's prefixes, batching, limits and retries. */
export class Embedder {
  readonly model: string;
  readonly prefixes: ModelPrefixes;
  readonly maxInputChars: number;
  /** Estimated tokens an input may take (the model's context less the reserve). */
  readonly maxInputTokens: number;
  private readonly batchSize: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly onRetry?: (attempt: number, err: OllamaError) => void;
  private readonly limit: LimitFunction;

  constructor(private readonly client: OllamaClient, opts: EmbedderOptions) {
    this.model = opts.model;
    this.prefixes = prefixesFor(opts.model, opts.prefixes);
    this.maxInputTokens = contextTokensFor(opts.model) - RESERVED_TOKENS;
    this.maxInputChars = opts.maxInputChars ?? Math.floor(this.maxInputTokens * CHARS_PER_TOKEN);
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? 32));
    this.maxRetries = Math.max(0, Math.floor(opts.maxRetries ?? 3));
    this.retryBaseMs = opts.retryBaseMs ?? 500;
    this.onRetry = opts.onRetry;
    this.limit = pLimit(Math.max(1, Math.floor(opts.concurrency ?? 1)));
  }

  /**
   * One vector per text, in input order. The first failure cancels the batches not yet sent.
   * `onBatch` sees each batch's vectors as it arrives, so a caller can keep them when a later
   * batch fails (and not pay for them again).
   */
  async embedDocuments(texts: string[], signal?: AbortSignal, onBatch?: (start: number, vectors: Float32Array[]) => void): Promise<Float32Array[]> {
    const inputs = texts.map((t) => this.prepare(this.prefixes.document, t));
    const out = new Array<Float32Array>(texts.length);
    const failed = new AbortController();
    const stop = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
    const batches: Promise<void>[] = [];
    for (let start = 0; start < inputs.length; start += this.batchSize) {
      const batch = inputs.slice(start, start + this.batchSize);
      batches.push(this.limit(async () => {
        if (stop.aborted) throw this.aborted(stop.reason);
        const vectors = await this.embedWithRetry(batch, stop);
        vectors.forEach((v, i) => (out[start + i] = v));
        onBatch?.(start, vectors);
      }).catch((err: unknown) => {
        failed.abort(err);
        throw err;
      }));
    }
    const settled = await Promise.allSettled(batches);
    // Report the error that stopped the run, not the "aborted" echoes it caused in later batches.
    const first = failed.signal.reason as unknown;
    if (signal?.aborted) throw this.aborted(signal.reason);
    if (settled.some((s) => s.status === 'rejected')) throw first;
    checkSameDims(out, { host: this.client.host, model: this.model });
    return out;
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    // Queries skip the document queue: a question must not wait behind a re-index.
    const [vector] = await this.embedWithRetry([this.prepare(this.prefixes.query, text)], signal);
    return vector;
  }

  /** Length of this model's vectors (part of the index identity). */
  async probeDimensions(signal?: AbortSignal): Promise<number> {
    const [vector] = await this.embedWithRetry([this.prepare(this.prefixes.document, 'dimension probe')], signal);
    return vector.length;
  }

  /** Prefix + text, cut to the model's context (never inside a surrogate pair). */
  private prepare(prefix: string, text: string): string {
    const input = prefix + text;
    // No character estimates above one token: an input this short fits whatever its script.
    if (input.length <= this.maxInputChars && input.length <= this.maxInputTokens) return input;
    const fits = Math.min(this.maxInputChars, prefixWithinTokens(input, this.maxInputTokens, CHARS_PER_TOKEN));
    if (fits >= input.length) return input;
    let end = Math.max(prefix.length, fits);
    const code = input.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    return input.slice(0, end);
  }

  private async embedWithRetry(inputs: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const ctx = { host: this.client.host, model: this.model };
    for (let attempt = 0; ; attempt++) {
      try {
        const vectors = await this.client.embed(this.model, inputs, signal);
        return vectors.map(normalize);
      } catch (err) {
        const e = toOllamaError(err, ctx);
        if (!e.retryable || attempt >= this.maxRetries || signal?.aborted) throw e;
        this.onRetry?.(attempt + 1, e);
        await sleep(Math.min(MAX_BACKOFF_MS, this.retryBaseMs * 2 ** attempt), signal).catch((reason: unknown) => {
          throw this.aborted(reason);
        });
      }
    }
  }

  private aborted(reason: unknown): OllamaError {
    if (reason instanceof OllamaError) return reason;
    return new OllamaError({
      kind: 'aborted', host: this.client.host, model: this.model, cause: reason,
      advice: 'Embedding was cancelled.',
    });
  }
}

/** L2-normalised copy; an all-zero vector stays zero rather than becoming NaN. */
export function normalize(values: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  const out = new Float32Array(values.length);
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < values.length; i++) out[i] = values[i] * scale;
  return out;
}

function checkSameDims(vectors: Float32Array[], ctx: { host: string; model: string }): void {
  const dims = vectors[0]?.length;
  if (vectors.some((v) => v.length !== dims)) {
    throw new OllamaError({
      ...ctx, kind: 'bad-response', detail: 'embeddings of different lengths in one run',
      advice: `Ollama at ${ctx.host} returned vectors of different sizes for \`${ctx.model}\` - was the model replaced while indexing?`,
    });
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
