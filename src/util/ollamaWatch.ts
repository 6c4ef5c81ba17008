/**
 * Notices Ollama going down (or coming back) while nothing else asks it: a cheap probe every
 * `intervalMs`, reporting only changes. Others who learn the state first (a chat turn that could not
 * connect) report it with `saw`, so the status bar does not wait for the next probe.
 */
export class OllamaWatch {
  private up: boolean | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: AbortController | undefined;

  constructor(
    private readonly probe: (signal: AbortSignal) => Promise<unknown>,
    private readonly onChange: (up: boolean) => void,
    private readonly intervalMs = 30_000,
    private readonly timeoutMs = 5_000,
  ) {}

  start(): this {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref?.();
    return this;
  }

  /** The last known state (undefined before the first probe). */
  get state(): boolean | undefined {
    return this.up;
  }

  saw(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.onChange(up);
  }

  async check(): Promise<boolean> {
    if (this.running) return this.up ?? false;
    const abort = new AbortController();
    this.running = abort;
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      await this.probe(abort.signal);
      this.saw(true);
    } catch {
      this.saw(false);
    } finally {
      clearTimeout(timer);
      this.running = undefined;
    }
    return this.up ?? false;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.running?.abort();
  }
}
