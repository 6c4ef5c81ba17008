/**
 * Entry point of the extraction worker thread (bundled as dist/extractWorker.js). PDF and DOCX
 * parsing are CPU-bound and synchronous in long stretches; here they cannot stall the extension
 * host's event loop, and pdfjs's DOM shims stay in this thread's globals.
 */
import { parentPort } from 'node:worker_threads';
import { extractInThread } from './extractDocument';
import { ExtractError } from './types';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

// pdfjs reports font and structure warnings through console.log; in the host they are noise, and
// failures reach the indexer as skip reasons anyway.
console.log = () => undefined;
console.warn = () => undefined;

parentPort?.on('message', (req: WorkerRequest) => {
  void extractInThread(req.format, req.data, req.maxChars).then(
    (doc): WorkerResponse => ({ id: req.id, ok: true, doc }),
    (err: unknown): WorkerResponse =>
      err instanceof ExtractError
        ? { id: req.id, ok: false, reason: err.reason, detail: err.message }
        : { id: req.id, ok: false, reason: 'extract-failed', detail: err instanceof Error ? err.message : String(err) },
  ).then((res) => parentPort?.postMessage(res));
});
