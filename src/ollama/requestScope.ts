import { OllamaError, timeoutError, toOllamaError, type OllamaErrorContext } from './errors';

/**
 * The cancellation of one HTTP request: the caller's signal plus a deadline that can be re-armed
 * (whole request for plain calls, gap between chunks for streams). Whatever fires, `signal` aborts
 * the underlying fetch at once, and `error()` says which of the two it was.
 */
export class RequestScope {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private firstByteTimer: NodeJS.Timeout | undefined;
  private expiredAfterMs: number | undefined;
  private silent = false;

  /** True once the first-byte deadline fired: the server never began to answer. */
  get timedOutSilent(): boolean {
    return this.silent;
  }
  readonly signal = this.controller.signal;

  constructor(private readonly outer?: AbortSignal) {
    if (outer?.aborted) this.controller.abort(outer.reason);
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  /** (Re)start the deadline; `ms <= 0` or Infinity means none. */
  arm(ms: number): void {
    this.disarm();
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    this.timer = setTimeout(() => {
      this.expiredAfterMs = ms;
      this.controller.abort(new DOMException(`No answer within ${ms} ms`, 'TimeoutError'));
    }, ms);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * A second deadline for the response to begin (connect + headers), independent of the one above:
   * a server that accepts connections but never answers is given up after `ms`, however long the
   * whole request may take once it answers. Returns the function that stops it (headers arrived).
   */
  armFirstByte(ms: number): () => void {
    if (!(ms > 0) || !Number.isFinite(ms)) return () => undefined;
    const timer = setTimeout(() => {
      this.expiredAfterMs = ms;
      this.silent = true;
      this.controller.abort(new DOMException(`No response within ${ms} ms`, 'TimeoutError'));
    }, ms);
    this.firstByteTimer = timer;
    return () => {
      clearTimeout(timer);
      if (this.firstByteTimer === timer) this.firstByteTimer = undefined;
    };
  }

  /** Ends the request: stops the timer and cancels anything still in flight (e.g. a stream left early). */
  dispose(): void {
    this.disarm();
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
    if (!this.controller.signal.aborted) this.controller.abort(new DOMException('Request finished', 'AbortError'));
  }

  /** Throws the cancellation error when the scope was cancelled or timed out. */
  throwIfStopped(ctx: OllamaErrorContext): void {
    if (this.signal.aborted) throw this.error(this.signal.reason, ctx);
  }

  error(err: unknown, ctx: OllamaErrorContext): OllamaError {
    if (this.outer?.aborted) {
      return new OllamaError({ ...ctx, kind: 'aborted', advice: 'The request to Ollama was cancelled.', cause: err });
    }
    if (this.expiredAfterMs !== undefined) return timeoutError({ ...ctx, timeoutMs: this.expiredAfterMs, silent: this.silent }, err);
    return toOllamaError(err, ctx);
  }

  private readonly onOuterAbort = (): void => {
    this.disarm();
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    this.controller.abort(this.outer?.reason);
  };
}
