/**
 * At most one chat turn runs at a time: starting a turn aborts the one still running (a new question
 * supersedes the old), and Stop aborts the current one. Each turn watches its own AbortSignal, so an
 * aborted turn ends on its own (runTurn ends it with a `done` event marked `stopped`).
 */
export class TurnController {
  private current: { id: string; abort: AbortController } | undefined;

  /** Aborts the running turn, then runs `run` as turn `id` until its events end. */
  start<E>(id: string, run: (signal: AbortSignal) => AsyncIterable<E>): AsyncIterable<E> {
    this.current?.abort.abort(new Error('Superseded by a new question'));
    const turn = { id, abort: new AbortController() };
    this.current = turn;
    const events = run(turn.abort.signal);
    const release = () => {
      if (this.current === turn) this.current = undefined;
    };
    return (async function* () {
      try {
        yield* events;
      } finally {
        release();
      }
    })();
  }

  /** Stops the current turn. */
  stop(): void {
    this.current?.abort.abort(new Error('Stopped'));
  }

  /** The id of the turn running now. */
  get currentId(): string | undefined {
    return this.current?.id;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }
}
