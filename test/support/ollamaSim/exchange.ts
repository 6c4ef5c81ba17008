import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from './types';

/**
 * One request/response of the sim, with the helpers handlers need to answer like Ollama (JSON,
 * NDJSON streams, errors) while honouring client disconnects and "cut mid-response" faults.
 */
export class Exchange {
  private readonly goneController = new AbortController();
  /** Aborts when the client disconnects before the response is complete. */
  readonly gone = this.goneController.signal;
  /** Set by the server when a drop fault applies: the response is cut part-way. */
  cutMidResponse = false;
  private cutByServer = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly entry: RequestLogEntry,
    readonly body: Record<string, unknown>,
    onFinished: (entry: RequestLogEntry) => void,
  ) {
    res.on('close', () => {
      if (!res.writableFinished && !this.cutByServer) {
        entry.clientClosed = true;
        this.goneController.abort();
      }
      entry.finished = true;
      entry.endedAt = performance.now();
      onFinished(entry);
    });
  }

  async json(status: number, payload: unknown): Promise<void> {
    if (this.gone.aborted) return;
    const text = JSON.stringify(payload);
    this.entry.status = status;
    this.res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    if (this.cutMidResponse) {
      await this.write(text.slice(0, Math.floor(text.length / 2)));
      return this.cut();
    }
    this.res.end(text);
  }

  error(status: number, message: string): Promise<void> {
    return this.json(status, { error: message });
  }

  startStream(): void {
    this.entry.status = 200;
    this.res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  }

  /** Writes one NDJSON line; false when the client is gone or a drop fault cut the stream here. */
  async chunk(payload: unknown): Promise<boolean> {
    if (this.gone.aborted || this.cutByServer) return false;
    await this.write(`${JSON.stringify(payload)}\n`);
    this.entry.chunks++;
    if (this.cutMidResponse && this.entry.chunks >= 2) {
      this.cut();
      return false;
    }
    return !this.gone.aborted;
  }

  endStream(): void {
    if (!this.gone.aborted && !this.cutByServer) this.res.end();
  }

  /** Waits, unless the client leaves first; resolves false then. */
  pause(ms: number): Promise<boolean> {
    if (this.gone.aborted) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.gone.removeEventListener('abort', onGone);
        resolve(true);
      }, ms);
      const onGone = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      this.gone.addEventListener('abort', onGone, { once: true });
    });
  }

  /** Resets the connection before any answer: what a refused/crashed server looks like to a client. */
  refuse(): void {
    this.cutByServer = true;
    this.req.socket.resetAndDestroy();
  }

  private cut(): void {
    this.cutByServer = true;
    this.res.socket?.destroy();
  }

  private write(text: string): Promise<void> {
    // Waiting for the write callback makes sure the bytes left before a cut destroys the socket.
    return new Promise((resolve) => this.res.write(text, () => resolve()));
  }
}
