import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Embedder } from '../../src/indexer/embedder';
import { OllamaClient, OllamaError } from '../../src/ollama';
import { findModel2VecDir, startOllamaSim, type OllamaSim, type RequestLogEntry } from '../support/ollamaSim';

const texts = ['parse the config file', 'render the chat panel', 'retry failed requests', 'walk the git ignore rules', 'hash the chunk text'];
const norm = (v: Float32Array): number => Math.hypot(...v);

async function rejection(promise: Promise<unknown>): Promise<OllamaError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OllamaError, `expected OllamaError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

/** Largest number of embed requests that were being served at the same moment. */
function maxInFlight(entries: RequestLogEntry[]): number {
  const events = entries.flatMap((e) => [[e.startedAt, 1], [e.endedAt ?? Infinity, -1]] as [number, number][]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (now += delta));
  return max;
}

describe('Embedder against ollama-sim', { timeout: 20_000 }, () => {
  let sim: OllamaSim;
  let client: OllamaClient;
  const embedLog = (since: number): RequestLogEntry[] => sim.log.slice(since).filter((e) => e.path === '/api/embed');

  before(async () => {
    sim = await startOllamaSim({ logInputs: true });
    client = new OllamaClient({ host: sim.url, requestTimeoutMs: 5000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.setFault(null));

  it('batches, keeps order, applies the document prefix and normalises', async () => {
    const since = sim.log.length;
    const embedder = new Embedder(client, { model: 'nomic-embed-text', batchSize: 2 });
    const vectors = await embedder.embedDocuments(texts);
    const requests = embedLog(since);
    assert.deepEqual(requests.map((e) => e.inputCount), [2, 2, 1]);
    assert.deepEqual(requests.flatMap((e) => e.inputs), texts.map((t) => `search_document: ${t}`));
    assert.equal(vectors.length, texts.length);
    for (let i = 0; i < texts.length; i++) {
      assert.ok(vectors[i] instanceof Float32Array);
      assert.ok(Math.abs(norm(vectors[i]) - 1) < 1e-5);
      const [single] = await client.embed('nomic-embed-text', [`search_document: ${texts[i]}`]);
      assert.ok(Math.abs(vectors[i][7] - single[7] / Math.hypot(...single)) < 1e-6, `vector ${i} in its place`);
    }
  });

  it('embeds queries with the query prefix and probes the dimensions', async () => {
    const since = sim.log.length;
    const embedder = new Embedder(client, { model: 'all-minilm', prefixes: { query: 'Q: ' } });
    const q = await embedder.embedQuery('where are retries?');
    assert.deepEqual(embedLog(since).at(-1)?.inputs, ['Q: where are retries?']);
    assert.equal(q.length, 384);
    assert.equal(await embedder.probeDimensions(), 384);
    assert.equal(await new Embedder(client, { model: 'mxbai-embed-large' }).probeDimensions(), 1024);
  });

  it('keeps inputs inside the model context without splitting surrogate pairs', async () => {
    const since = sim.log.length;
    const embedder = new Embedder(client, { model: 'all-minilm' });
    assert.ok(embedder.maxInputChars > 100 && embedder.maxInputChars < 256 * 4);
    const long = '😀'.repeat(2000);
    await embedder.embedDocuments([long, 'short']);
    const [sentLong, sentShort] = embedLog(since)[0].inputs ?? [];
    // Each emoji counts as at least one token: the cut is set by tokens, not by characters.
    assert.ok(sentLong.length <= embedder.maxInputChars && sentLong.length <= 2 * embedder.maxInputTokens);
    assert.ok(sentLong.length >= embedder.maxInputTokens - 1);
    assert.doesNotMatch(sentLong, /[\ud800-\udbff]$/, 'no lone high surrogate at the cut');
    assert.equal(sentShort, 'short');
  });

  it('cuts Chinese text by its tokens (one per character), not by an ASCII character ratio', async () => {
    const since = sim.log.length;
    const embedder = new Embedder(client, { model: 'all-minilm' });
    const ascii = 'word '.repeat(400);
    await embedder.embedDocuments(['训练大模型需要显存。'.repeat(100), ascii]);
    const [sentZh, sentAscii] = embedLog(since)[0].inputs ?? [];
    assert.ok(sentZh.length <= embedder.maxInputTokens && sentZh.length >= embedder.maxInputTokens - 1, `${sentZh.length} vs ${embedder.maxInputTokens}`);
    assert.ok(sentAscii.length > 2 * embedder.maxInputTokens, 'ASCII keeps its characters-per-token ratio');
  });

  it('limits requests in flight to `concurrency`', async () => {
    const slow = await startOllamaSim({ embedLatencyMs: 30 });
    try {
      const c = new OllamaClient({ host: slow.url });
      await new Embedder(c, { model: 'nomic-embed-text', batchSize: 1 }).embedDocuments(texts);
      assert.equal(maxInFlight(slow.log.filter((e) => e.path === '/api/embed')), 1);
      const since = slow.log.length;
      await new Embedder(c, { model: 'nomic-embed-text', batchSize: 1, concurrency: 3 }).embedDocuments(texts);
      assert.equal(maxInFlight(slow.log.slice(since).filter((e) => e.path === '/api/embed')), 3);
    } finally {
      await slow.close();
    }
  });

  it('retries 500s, dropped batches and reset connections with backoff, then succeeds', async () => {
    for (const kind of ['500', 'drop-mid-batch', 'refuse'] as const) {
      const since = sim.log.length;
      const retries: [number, string][] = [];
      sim.setFault({ kind, paths: ['/api/embed'], count: 2 });
      const embedder = new Embedder(client, {
        model: 'nomic-embed-text', retryBaseMs: 10, onRetry: (attempt, err) => retries.push([attempt, err.kind]),
      });
      const vectors = await embedder.embedDocuments(texts.slice(0, 2));
      assert.equal(vectors.length, 2);
      const requests = embedLog(since);
      assert.deepEqual(requests.map((e) => e.fault ?? 'ok'), [kind, kind, 'ok'], kind);
      assert.deepEqual(retries.map(([attempt]) => attempt), [1, 2]);
      assert.ok(retries.every(([, k]) => k === (kind === 'refuse' ? 'unreachable' : 'server')));
    }
  });

  it('gives up after maxRetries and never retries a missing model', async () => {
    sim.setFault({ kind: '500', paths: ['/api/embed'] });
    let since = sim.log.length;
    const e500 = await rejection(new Embedder(client, { model: 'nomic-embed-text', maxRetries: 2, retryBaseMs: 5 }).embedDocuments(['x']));
    assert.equal(e500.kind, 'server');
    assert.equal(embedLog(since).length, 3);
    sim.setFault(null);

    since = sim.log.length;
    const missing = await rejection(new Embedder(client, { model: 'not-pulled', retryBaseMs: 5 }).embedDocuments(['x', 'y']));
    assert.equal(missing.kind, 'model-missing');
    assert.match(missing.advice, /ollama pull not-pulled/);
    assert.equal(embedLog(since).length, 1);
  });

  it('the first failing batch stops the batches not yet sent', async () => {
    sim.setFault({ kind: '500', paths: ['/api/embed'] });
    const since = sim.log.length;
    const err = await rejection(new Embedder(client, { model: 'nomic-embed-text', batchSize: 1, maxRetries: 0 }).embedDocuments(texts));
    assert.equal(err.status, 500);
    assert.equal(embedLog(since).length, 1);
  });

  it('abort stops at once, without retries, and cancels the request in flight', async () => {
    sim.setFault({ kind: 'hang', paths: ['/api/embed'] });
    const since = sim.log.length;
    const controller = new AbortController();
    let retried = false;
    const embedder = new Embedder(client, { model: 'nomic-embed-text', batchSize: 1, onRetry: () => (retried = true) });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await rejection(embedder.embedDocuments(texts, controller.signal));
    assert.equal(err.kind, 'aborted');
    assert.ok(Date.now() - started < 1500);
    assert.equal(retried, false);
    const entry = await sim.waitForRequest('/api/embed', since);
    assert.equal(entry.clientClosed, true);
    assert.equal(embedLog(since).length, 1, 'queued batches were never sent');
  });

  it('ranks a related document first with the real model2vec embedder', { skip: findModel2VecDir() ? false : 'model2vec files absent' }, async () => {
    const m2v = await startOllamaSim({ embedder: 'model2vec' });
    try {
      const embedder = new Embedder(new OllamaClient({ host: m2v.url }), { model: 'nomic-embed-text' });
      const docs = ['Paris is the capital and largest city of France.', 'Knead the dough and bake the bread in a hot oven.', 'The striker scored twice in the football final.'];
      const vectors = await embedder.embedDocuments(docs);
      const q = await embedder.embedQuery('Which city is the capital of France?');
      const scores = vectors.map((v) => v.reduce((s, x, i) => s + x * q[i], 0));
      assert.equal(scores.indexOf(Math.max(...scores)), 0, scores.join(' '));
      assert.equal(q.length, 64);
    } finally {
      await m2v.close();
    }
  });
});
