/**
 * The indexer's side of the extraction worker: one lazily started worker thread, one document at a
 * time (indexing must not take every core from the editor), stopped after a quiet minute. A
 * document that takes longer than EXTRACT_TIMEOUT_MS (a pathological PDF) is given up: the worker is
 * terminated and the file skipped as 'extract-failed'. Aborting terminates the worker as well.
 *
 * The extractors (pdfjs alone is 3 MB) live only in the worker bundle, never in the host's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExtractError, type DocumentFormat, type ExtractedDocument } from './types';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

export const EXTRACT_TIMEOUT_MS = 120_000;
const IDLE_MS = 60_000;
/**
 * The worker's V8 heap (old generation). A document whose parse needs more (an archive bomb that got
 * past the size checks, a pathological PDF) ends the worker - not the editor's or the CLI's process -
 * and is skipped as too-large. pdfjs keeps document bytes outside the heap; 512 MB parses any
 * document within DOCUMENT_MAX_BYTES and extracted-text limits with room to spare.
 */
export const WORKER_HEAP_MB = 512;

interface WorkerEntry {
  /** A file, or with `eval` the worker's code. */
  file: string;
  eval?: boolean;
}

/** dist/extractWorker.js next to the bundle; under tsx (tests, scripts) the TypeScript source. */
function workerEntry(): WorkerEntry | undefined {
  const bundled = join(__dirname, 'extractWorker.js');
  if (existsSync(bundled)) return { file: bundled };
  // Node 20 will not start a worker from a .ts file even with a loader: register tsx in the worker.
  const source = join(__dirname, 'worker.ts');
  if (existsSync(source)) return { file: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, eval: true };
  return undefined;
}

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
let chain: Promise<unknown> = Promise.resolve();

function stopWorker(): void {
  clearTimeout(idleTimer);
  const w = worker;
  worker = undefined;
  void w?.terminate();
}

function startWorker(entry: WorkerEntry): Worker {
  if (worker) return worker;
  // Not piping the worker's stdout/stderr: piped streams would keep the process alive (worker.ts
  // silences pdfjs's console noise itself). unref: an idle worker never holds the CLI open.
  const w = new Worker(entry.file, { eval: entry.eval, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  w.unref();
  w.on('error', () => { if (worker === w) worker = undefined; });
  w.on('exit', () => { if (worker === w) worker = undefined; });
  worker = w;
  return w;
}

function runInWorker(entry: WorkerEntry, format: DocumentFormat, data: Uint8Array, maxChars: number, signal?: AbortSignal): Promise<ExtractedDocument> {
  return new Promise<ExtractedDocument>((resolve, reject) => {
    signal?.throwIfAborted();
    clearTimeout(idleTimer);
    const w = startWorker(entry);
    const id = nextId++;
    let outOfMemory = false;
    const cleanup = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('exit', onExit);
      w.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      idleTimer = setTimeout(stopWorker, IDLE_MS).unref();
    };
    const onMessage = (res: WorkerResponse) => {
      if (res.id !== id) return;
      cleanup();
      if (res.ok) resolve(res.doc);
      else reject(new ExtractError(res.reason, res.detail));
    };
    // 'error' comes before 'exit' when the heap limit ended the worker.
    const onError = (err: Error) => {
      if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') outOfMemory = true;
    };
    const onExit = (code: number) => {
      cleanup();
      reject(outOfMemory
        ? new ExtractError('too-large', `extracting it needs more than the worker's ${WORKER_HEAP_MB} MB heap`)
        : new ExtractError('extract-failed', `extraction worker exited (code ${code})`));
    };
    const onAbort = () => {
      cleanup();
      stopWorker();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      cleanup();
      stopWorker();
      reject(new ExtractError('extract-failed', `timed out after ${EXTRACT_TIMEOUT_MS / 1000} s`));
    }, EXTRACT_TIMEOUT_MS);
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
    const req: WorkerRequest = { id, format, data, maxChars };
    w.postMessage(req);
  });
}

/** Extracts one document off the calling thread; throws ExtractError (or the signal's reason). */
export function extractDocument(format: DocumentFormat, data: Uint8Array, maxChars: number, signal?: AbortSignal): Promise<ExtractedDocument> {
  const entry = workerEntry();
  const run = () => (entry
    ? runInWorker(entry, format, data, maxChars, signal)
    : Promise.reject(new ExtractError('extract-failed', `extraction worker not found next to ${__dirname}`)));
  const result = chain.then(run, run);
  chain = result.catch(() => undefined);
  return result;
}
