import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { OllamaClient, OllamaError, type ChatChunk } from '../../src/ollama';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';

const SOURCES_PROMPT = [
  'Answer from these sources.',
  '[1] src/config.ts:1-3 (function loadConfig)',
  '```ts',
  'export function loadConfig(path: string) {',
  '  return JSON.parse(readFileSync(path, "utf8"));',
  '}',
  '```',
  '',
  'Question: where is the config loaded?',
].join('\n');

async function expectOllamaError(promise: Promise<unknown>): Promise<OllamaError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OllamaError, `expected OllamaError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

async function collect(stream: AsyncIterable<ChatChunk>): Promise<{ content: string; thinking: string; chunks: ChatChunk[] }> {
  const chunks: ChatChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { content: chunks.map((c) => c.content).join(''), thinking: chunks.map((c) => c.thinking).join(''), chunks };
}

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OllamaClient against ollama-sim', { timeout: 10_000 }, () => {
  let sim: OllamaSim;
  let client: OllamaClient;

  before(async () => {
    sim = await startOllamaSim({ tokenLatencyMs: 0 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.setFault(null);
    client = new OllamaClient({ host: sim.url, requestTimeoutMs: 5000 });
  });

  it('reads the version and the installed models; x and x:latest are the same model', async () => {
    assert.match(await client.version(), /ollama-sim/);
    const models = await client.listModels();
    assert.ok(models.some((m) => m.name === 'nomic-embed-text:latest' && m.size > 0 && m.family === 'nomic-bert'));
    assert.equal(await client.hasModel('nomic-embed-text'), true);
    assert.equal(await client.hasModel('llama3.2:latest'), true);
    assert.equal(await client.hasModel('deepseek-r1'), false, 'deepseek-r1 means deepseek-r1:latest, not :1.5b');
  });

  it('embeds in input order with the model dimensions', async () => {
    const texts = ['parse the config file', 'render the chat panel', 'retry failed requests'];
    const batch = await client.embed('nomic-embed-text', texts);
    assert.equal(batch.length, 3);
    assert.ok(batch.every((v) => v.length === 768));
    for (let i = 0; i < texts.length; i++) assert.deepEqual(batch[i], (await client.embed('nomic-embed-text', [texts[i]]))[0]);
    assert.equal((await client.embed('all-minilm', ['x']))[0].length, 384);
    assert.deepEqual(await client.embed('nomic-embed-text', []), []);
  });

  it('a missing model becomes model-missing advice naming it', async () => {
    const e = await expectOllamaError(client.embed('nomic-embed-txt', ['x']));
    assert.equal(e.kind, 'model-missing');
    assert.equal(e.model, 'nomic-embed-txt');
    assert.match(e.advice, /`nomic-embed-txt` is not installed - run `ollama pull nomic-embed-txt`/);
  });

  it('a closed port becomes unreachable advice naming the host', async () => {
    const port = await closedPort();
    const down = new OllamaClient({ host: `127.0.0.1:${port}` });
    const e = await expectOllamaError(down.version());
    assert.equal(e.kind, 'unreachable');
    assert.match(e.advice, new RegExp(`not reachable at http://127\\.0\\.0\\.1:${port} - start it with \`ollama serve\``));
    assert.match(e.detail, /ECONNREFUSED/);
  });

  it('the sim "refuse" fault looks like an unreachable server', async () => {
    sim.setFault({ kind: 'refuse', count: 1 });
    const e = await expectOllamaError(client.embed('nomic-embed-text', ['x']));
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.retryable, true);
    assert.equal((await client.embed('nomic-embed-text', ['x'])).length, 1, 'fault used up after count');
  });

  it('HTTP 500 becomes a retryable server error', async () => {
    sim.setFault({ kind: '500', paths: ['/api/embed'] });
    const e = await expectOllamaError(client.embed('nomic-embed-text', ['x']));
    assert.deepEqual([e.kind, e.status, e.retryable], ['server', 500, true]);
  });

  it('a hanging request fails with a timeout after requestTimeoutMs', async () => {
    sim.setFault({ kind: 'hang', count: 1 });
    const quick = new OllamaClient({ host: sim.url, requestTimeoutMs: 300 });
    const started = Date.now();
    const e = await expectOllamaError(quick.embed('nomic-embed-text', ['x']));
    const elapsed = Date.now() - started;
    assert.equal(e.kind, 'timeout');
    assert.ok(elapsed >= 250 && elapsed < 2000, `timed out after ${elapsed} ms`);
    assert.match(e.advice, /did not answer within 0\.3 s/);
  });

  it('aborting a plain request cancels it at once and the server sees the disconnect', async () => {
    sim.setFault({ kind: 'hang', count: 1 });
    const since = sim.log.length;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const e = await expectOllamaError(client.embed('nomic-embed-text', ['x'], controller.signal));
    assert.equal(e.kind, 'aborted');
    assert.ok(Date.now() - started < 1000);
    const entry = await sim.waitForRequest('/api/embed', since);
    assert.equal(entry.clientClosed, true);
  });

  it('streams an answer with <think> inline by default and in `thinking` with think:true', async () => {
    const messages = [{ role: 'user' as const, content: SOURCES_PROMPT }];
    const inline = await collect(client.chatStream({ model: 'deepseek-r1:1.5b', messages }));
    assert.match(inline.content, /^<think>\n[\s\S]+\n<\/think>\n\n/);
    assert.equal(inline.thinking, '');
    assert.ok(inline.chunks.at(-1)?.done);
    assert.match(inline.content, /\[1\]/);

    const separate = await collect(client.chatStream({ model: 'deepseek-r1:1.5b', messages, think: true }));
    assert.doesNotMatch(separate.content, /<think>/);
    assert.match(separate.thinking, /src\/config\.ts/);
    assert.match(separate.content, /export function loadConfig\(path: string\) \{/);

    const none = await collect(client.chatStream({ model: 'deepseek-r1:1.5b', messages, think: false }));
    assert.equal(none.thinking, '');
    assert.doesNotMatch(none.content, /<think>/);
  });

  it('aborting a chat stream stops the request mid-answer', async () => {
    const slow = await startOllamaSim({ tokenLatencyMs: 30 });
    try {
      const c = new OllamaClient({ host: slow.url });
      const controller = new AbortController();
      let received = 0;
      const e = await expectOllamaError((async () => {
        for await (const _chunk of c.chatStream({ model: 'deepseek-r1:1.5b', messages: [{ role: 'user', content: SOURCES_PROMPT }] }, controller.signal)) {
          if (++received === 3) controller.abort();
        }
      })());
      assert.equal(e.kind, 'aborted');
      const entry = await slow.waitForRequest('/api/chat');
      assert.equal(entry.clientClosed, true);
      assert.ok(entry.chunks < 10, `server stopped writing after ${entry.chunks} chunks`);
    } finally {
      await slow.close();
    }
  });

  it('leaving a stream early (break) also disconnects', async () => {
    const slow = await startOllamaSim({ tokenLatencyMs: 20 });
    try {
      const c = new OllamaClient({ host: slow.url });
      for await (const _chunk of c.chatStream({ model: 'llama3.2', messages: [{ role: 'user', content: SOURCES_PROMPT }] })) break;
      const entry = await slow.waitForRequest('/api/chat');
      assert.equal(entry.clientClosed, true);
    } finally {
      await slow.close();
    }
  });

  it('a stream that stalls fails after streamIdleTimeoutMs; one cut mid-way fails as a server error', async () => {
    const stalling = await startOllamaSim({ tokenLatencyMs: 1000 });
    try {
      const c = new OllamaClient({ host: stalling.url, streamIdleTimeoutMs: 150 });
      const started = Date.now();
      const e = await expectOllamaError(collect(c.chatStream({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })));
      assert.equal(e.kind, 'timeout');
      assert.ok(Date.now() - started < 900, 'failed before the next token arrived');
    } finally {
      await stalling.close();
    }
    sim.setFault({ kind: 'drop-mid-stream', count: 1 });
    const cut = await expectOllamaError(collect(client.chatStream({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(cut.kind, 'server');
    assert.equal(cut.retryable, true);
  });

  it('non-streamed chat rewrites a follow-up; chat with an embedding model is refused', async () => {
    const rewritten = await client.chat({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Rewrite the last user question as a standalone question.' },
        { role: 'user', content: 'What does `resolveWorkspaceRoot` do?' },
        { role: 'assistant', content: 'It finds the folder that holds the manifest.' },
        { role: 'user', content: 'Who calls it?' },
      ],
    });
    assert.equal(rewritten, 'Who calls resolveWorkspaceRoot?');
    const e = await expectOllamaError(client.chat({ model: 'nomic-embed-text', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(e.kind, 'server');
    assert.match(e.advice, /cannot be used for chat/);
  });

  it('pull reports progress, installs the model, and fails clearly for unknown names', async () => {
    sim.setModels({ embed: ['all-minilm'] });
    try {
      assert.equal(await client.hasModel('nomic-embed-text'), false);
      const progress = [];
      for await (const p of client.pull('nomic-embed-text')) progress.push(p);
      assert.equal(progress.at(-1)?.status, 'success');
      const sized = progress.filter((p) => p.total);
      assert.ok(sized.length >= 2);
      assert.equal(sized.at(-1)?.completed, sized.at(-1)?.total);
      assert.ok(sized.every((p, i) => i === 0 || (p.completed ?? 0) >= (sized[i - 1].completed ?? 0)));
      assert.equal(await client.hasModel('nomic-embed-text'), true);

      const e = await expectOllamaError((async () => {
        for await (const _p of client.pull('no-such-model')) { /* drain */ }
      })());
      assert.equal(e.kind, 'model-missing');
    } finally {
      sim.setModels({ embed: ['nomic-embed-text', 'all-minilm', 'mxbai-embed-large'] });
    }
  });

  it('an already aborted signal fails without sending anything', async () => {
    const since = sim.log.length;
    const e = await expectOllamaError(client.embed('nomic-embed-text', ['x'], AbortSignal.abort()));
    assert.equal(e.kind, 'aborted');
    assert.equal(sim.log.length, since);
  });
});
