import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Exchange } from './exchange';
import { hashEmbed } from './hashEmbedder';
import { Model2Vec, findModel2VecDir } from './model2vec';
import { ModelCatalog } from './models';
import { route, type SimContext } from './routes';
import type { CannedChatReply, Fault, OllamaSim, OllamaSimOptions, RequestLogEntry } from './types';

export type { CannedChatReply, EmbedderKind, Fault, FaultKind, ModelSets, OllamaSim, OllamaSimOptions, RequestLogEntry } from './types';
export { DEFAULT_MODELS } from './models';
export { SIM_VERSION } from './routes';
export { findModel2VecDir } from './model2vec';

/** Starts ollama-sim on 127.0.0.1 (CONTRIBUTING.md "ollama-sim"). Throws when `model2vec` is asked for but its files are absent. */
export async function startOllamaSim(opts: OllamaSimOptions = {}): Promise<OllamaSim> {
  const catalog = new ModelCatalog(opts.models);
  const embedText = makeEmbedder(opts, catalog);
  const log: RequestLogEntry[] = [];
  let fault: Fault | null = null;
  let canned: CannedChatReply | null = null;
  let embedded = 0;
  const waiters: { path: string; since: number; resolve: (e: RequestLogEntry) => void }[] = [];

  const ctx: SimContext = {
    catalog,
    embedLatencyMs: opts.embedLatencyMs ?? 0,
    tokenLatencyMs: opts.tokenLatencyMs ?? 0,
    embed: embedText,
    countEmbedded: (n) => (embedded += n),
    cannedReply: (messages) => {
      const c = canned;
      if (!c || (c.match && !messages.some((m) => m.role !== 'assistant' && c.match!.test(m.content)))) return undefined;
      if (c.count !== undefined && --c.count <= 0) canned = null;
      return { thinking: c.thinking ?? '', answer: c.answer };
    },
  };

  const onFinished = (entry: RequestLogEntry): void => {
    const index = log.indexOf(entry);
    for (const w of [...waiters]) {
      if (w.path === entry.path && index >= w.since) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(entry);
      }
    }
  };

  /** The fault for this request, if any; consumes one use of a counted fault. */
  const takeFault = (path: string): Fault | null => {
    if (!fault || (fault.paths && !fault.paths.includes(path))) return null;
    const current = fault;
    if (current.count !== undefined && --current.count <= 0) fault = null;
    return current;
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path, status: 0, chunks: 0, clientClosed: false, finished: false, startedAt: performance.now() };
    log.push(entry);
    res.setHeader('x-ollama-sim', '1');
    void readJson(req).then(async (body) => {
      const ex = new Exchange(req, res, entry, body ?? {}, onFinished);
      if (body === undefined) return ex.error(400, 'invalid character in request body');
      entry.model = typeof body.model === 'string' ? body.model : typeof body.name === 'string' ? body.name : undefined;
      if (path === '/api/embed' || path === '/api/embeddings') {
        const raw = path === '/api/embed' ? body.input : body.prompt;
        const inputs = (Array.isArray(raw) ? raw : [raw]).map((t) => (typeof t === 'string' ? t : ''));
        entry.inputCount = inputs.length;
        if (opts.logInputs) entry.inputs = inputs;
      }
      const f = takeFault(path);
      entry.fault = f?.kind;
      if (f?.kind === 'refuse') return ex.refuse();
      if (f?.kind === 'hang') return; // never answer; close() ends the connection
      if (f?.kind === '500') return ex.error(500, 'simulated internal server error (ollama-sim fault)');
      ex.cutMidResponse = f?.kind === 'drop-mid-stream' || f?.kind === 'drop-mid-batch';
      await route(ex, ctx);
    }).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: `ollama-sim: ${err instanceof Error ? err.message : String(err)}` }));
      } else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    embeddedTexts: () => embedded,
    setFault: (f) => (fault = f ? { ...f } : null),
    setModels: (models) => catalog.set(models),
    setChatReply: (reply) => (canned = reply ? { ...reply } : null),
    waitForRequest: (path, since = 0) => {
      const done = log.find((e, i) => i >= since && e.path === path && e.finished);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiters.push({ path, since, resolve }));
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function makeEmbedder(opts: OllamaSimOptions, catalog: ModelCatalog): (model: string, text: string) => number[] {
  if (opts.embedder === 'model2vec') {
    const dir = findModel2VecDir();
    if (!dir) {
      throw new Error('ollama-sim: the model2vec embedder needs ../shared/models/model2vec-bge-base-vq128 ' +
        '(or LORE_MODEL2VEC_DIR pointing at a Model2Vec folder with model.safetensors and tokenizer.json)');
    }
    const model = new Model2Vec(dir);
    return (_model, text) => model.embed(text);
  }
  return (model, text) => hashEmbed(text, opts.dims ?? catalog.facts(model).dims ?? 768);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8').trim();
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
