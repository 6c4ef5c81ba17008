import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { answerChat, parseSources, rewriteFollowUp } from '../support/ollamaSim/chatScript';
import { hashEmbed } from '../support/ollamaSim/hashEmbedder';
import { Model2Vec } from '../support/ollamaSim/model2vec';
import { findModel2VecDir, startOllamaSim, type OllamaSim } from '../support/ollamaSim';

const cosine = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);

async function post(sim: OllamaSim, path: string, body: unknown): Promise<Response> {
  return fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
}

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
const PROMPT = [
  'Use only these sources and cite them as [n].',
  '',
  '[1] src/ui/render.ts:10-12 (function renderBanner)',
  '```ts',
  `const banner = '${HOSTILE}';`,
  'export function renderBanner() { return banner; }',
  '```',
  '[2] src/net/retry.ts:1-4 (function retryWithBackoff)',
  '````ts',
  '',
  'export async function retryWithBackoff(fn, attempts) {',
  '  // ```nested fence``` stays inside',
  '  for (let i = 0; i < attempts; i++) await fn();',
  '}',
  '````',
  '',
  'Question: how does the retry backoff work?',
].join('\n');

describe('ollama-sim scripted chat (pure)', () => {
  it('parses sources with labels and longer fences', () => {
    const { sources, rest } = parseSources(PROMPT);
    assert.deepEqual(sources.map((s) => [s.n, s.path, s.startLine, s.endLine, s.label]), [
      [1, 'src/ui/render.ts', 10, 12, 'function renderBanner'],
      [2, 'src/net/retry.ts', 1, 4, 'function retryWithBackoff'],
    ]);
    assert.match(sources[1].text, /```nested fence``` stays inside/);
    assert.match(rest, /Question: how does the retry backoff work\?/);
    assert.doesNotMatch(rest, /renderBanner/);
  });

  it('answers from the best-matching source, quoting it verbatim and citing it', () => {
    const reply = answerChat([{ role: 'user', content: PROMPT }]);
    assert.match(reply.answer, /`src\/net\/retry\.ts` \(lines 1-4, function retryWithBackoff\) \[2\]/);
    assert.ok(reply.answer.includes('export async function retryWithBackoff(fn, attempts) {\n  // ```nested fence``` stays inside'));
    assert.match(reply.answer, /````ts\n/, 'fence longer than the backtick run it quotes');
    assert.match(reply.answer, /See also `src\/ui\/render\.ts` \[1\]/);
    assert.match(reply.thinking, /\[2\] src\/net\/retry\.ts is the most relevant/);
  });

  it('quotes hostile HTML verbatim when that source wins', () => {
    const reply = answerChat([{ role: 'user', content: PROMPT.replace('how does the retry backoff work?', 'what does the banner render?') }]);
    assert.ok(reply.answer.includes(HOSTILE));
    assert.match(reply.answer, /\[1\]/);
  });

  it('reads sources from the system message and says when there are none', () => {
    const system = answerChat([{ role: 'system', content: PROMPT }, { role: 'user', content: 'how does the retry backoff work?' }]);
    assert.match(system.answer, /\[2\]/);
    assert.equal(answerChat([{ role: 'user', content: 'what is this project?' }]).answer, 'I found nothing in the workspace that answers this question.');
  });

  it('rewrites follow-ups from a history given as messages or as a transcript', () => {
    assert.equal(rewriteFollowUp([
      { role: 'system', content: 'Rewrite as a standalone question.' },
      { role: 'user', content: 'Explain parse_manifest please' },
      { role: 'assistant', content: 'It reads the manifest.' },
      { role: 'user', content: 'Where is that tested?' },
    ]), 'Where is parse_manifest tested?');
    assert.equal(rewriteFollowUp([
      { role: 'user', content: 'Chat history:\nUser: what is `FolderIndex.open`?\nAssistant: a factory.\n\nFollow-up question: how do I call it?' },
    ]), 'how do I call FolderIndex.open?');
    assert.equal(rewriteFollowUp([{ role: 'user', content: 'Follow-up question: what is it?' }]), 'what is it?');
  });
});

describe('hash embedder', () => {
  it('is deterministic, normalised, and puts related code closer than unrelated code', () => {
    const query = hashEmbed('search_query: how are failed HTTP requests retried?', 768);
    const related = hashEmbed('search_document: function retryRequest(req) { /* retry failed http request with backoff */ }', 768);
    const unrelated = hashEmbed('search_document: const bannerColor = theme.colors.primary;', 768);
    assert.deepEqual(query, hashEmbed('how are failed HTTP requests retried?', 768), 'known prefixes are ignored');
    assert.ok(Math.abs(Math.hypot(...query) - 1) < 1e-9);
    assert.ok(cosine(query, related) > cosine(query, unrelated) + 0.2, `${cosine(query, related)} vs ${cosine(query, unrelated)}`);
    assert.ok(cosine(hashEmbed('getUserName', 64), hashEmbed('get_user_name', 64)) > 0.99, 'camelCase and snake_case agree');
  });
});

describe('ollama-sim HTTP API', { timeout: 15_000 }, () => {
  let sim: OllamaSim;
  before(async () => {
    sim = await startOllamaSim({ dims: 32, logInputs: true });
  });
  after(() => sim.close());

  it('says it is a simulator', async () => {
    const res = await fetch(`${sim.url}/api/version`);
    assert.equal(res.headers.get('x-ollama-sim'), '1');
    assert.match(((await res.json()) as { version: string }).version, /ollama-sim/);
    assert.equal(await (await fetch(`${sim.url}/`)).text(), 'Ollama is running');
  });

  it('embeds a string or an array, and the legacy /api/embeddings', async () => {
    const one = (await (await post(sim, '/api/embed', { model: 'nomic-embed-text', input: 'hello world' })).json()) as { model: string; embeddings: number[][] };
    assert.equal(one.model, 'nomic-embed-text');
    assert.equal(one.embeddings.length, 1);
    assert.equal(one.embeddings[0].length, 32);
    const many = (await (await post(sim, '/api/embed', { model: 'nomic-embed-text:latest', input: ['a b', 'hello world'] })).json()) as { embeddings: number[][] };
    assert.deepEqual(many.embeddings[1], one.embeddings[0]);
    const legacy = (await (await post(sim, '/api/embeddings', { model: 'all-minilm', prompt: 'hello world' })).json()) as { embedding: number[] };
    assert.deepEqual(legacy.embedding, one.embeddings[0]);
    const entry = sim.log.filter((e) => e.path === '/api/embed').at(-1);
    assert.deepEqual([entry?.inputCount, entry?.inputs, entry?.status], [2, ['a b', 'hello world'], 200]);
  });

  it('answers 404 with Ollama\'s message for unknown models, and counts embedded texts', async () => {
    const before = sim.embeddedTexts();
    const res = await post(sim, '/api/embed', { model: 'nope', input: ['x'] });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'model "nope" not found, try pulling it first' });
    await post(sim, '/api/embed', { model: 'all-minilm', input: ['x', 'y', 'z'] });
    assert.equal(sim.embeddedTexts(), before + 3);
    assert.equal((await fetch(`${sim.url}/api/nothing`)).status, 404);
  });

  it('streams chat as NDJSON with a final done line carrying done_reason and eval_count', async () => {
    const res = await post(sim, '/api/chat', { model: 'deepseek-r1:1.5b', messages: [{ role: 'user', content: PROMPT }] });
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { message: { role: string; content: string }; done: boolean; done_reason?: string; eval_count?: number });
    const last = lines.at(-1);
    assert.equal(last?.done, true);
    assert.equal(last?.done_reason, 'stop');
    assert.equal(last?.eval_count, lines.length - 1);
    assert.ok(lines.slice(0, -1).every((l) => l.done === false && l.message.role === 'assistant'));
    assert.match(lines.map((l) => l.message.content).join(''), /^<think>[\s\S]*<\/think>\n\nThe most relevant place/);
  });

  it('answers non-streamed chat and generate, honours num_predict, refuses think on non-reasoning models', async () => {
    const chat = (await (await post(sim, '/api/chat', { model: 'llama3.2', stream: false, messages: [{ role: 'user', content: PROMPT }] })).json()) as { message: { content: string }; done_reason: string };
    assert.match(chat.message.content, /^The most relevant place is `src\/net\/retry\.ts`/, 'llama3.2 does not think');
    const gen = (await (await post(sim, '/api/generate', { model: 'qwen2.5-coder:1.5b', stream: false, prompt: PROMPT })).json()) as { response: string };
    assert.match(gen.response, /\[2\]/);
    const cut = (await (await post(sim, '/api/chat', { model: 'llama3.2', stream: false, options: { num_predict: 3 }, messages: [{ role: 'user', content: PROMPT }] })).json()) as { message: { content: string }; done_reason: string; eval_count: number };
    assert.deepEqual([cut.done_reason, cut.eval_count], ['length', 3]);
    const refused = await post(sim, '/api/chat', { model: 'llama3.2', think: true, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(refused.status, 400);
  });

  it('setModels changes what is installed; show describes a model', async () => {
    sim.setModels({ chat: ['llama3.2'] });
    try {
      const tags = (await (await fetch(`${sim.url}/api/tags`)).json()) as { models: { name: string }[] };
      assert.ok(tags.models.some((m) => m.name === 'llama3.2:latest'));
      assert.ok(!tags.models.some((m) => m.name === 'deepseek-r1:1.5b'));
      assert.equal((await post(sim, '/api/chat', { model: 'deepseek-r1:1.5b', messages: [] })).status, 404);
    } finally {
      sim.setModels({ chat: ['deepseek-r1:1.5b', 'llama3.2', 'qwen2.5-coder:1.5b'] });
    }
    const show = (await (await post(sim, '/api/show', { model: 'nomic-embed-text' })).json()) as { capabilities: string[]; model_info: Record<string, number> };
    assert.deepEqual(show.capabilities, ['embedding']);
    assert.equal(show.model_info['nomicbert.embedding_length'], 768);
  });

  it('faults: 500 and drop-mid-batch apply to the given paths and count', async () => {
    sim.setFault({ kind: '500', paths: ['/api/embed'], count: 1 });
    assert.equal((await fetch(`${sim.url}/api/version`)).status, 200, 'other paths unaffected');
    assert.equal((await post(sim, '/api/embed', { model: 'all-minilm', input: 'x' })).status, 500);
    assert.equal((await post(sim, '/api/embed', { model: 'all-minilm', input: 'x' })).status, 200, 'count used up');
    sim.setFault({ kind: 'drop-mid-batch', count: 1 });
    const res = await post(sim, '/api/embed', { model: 'all-minilm', input: ['x', 'y'] });
    await assert.rejects(res.text(), /terminated/);
    assert.equal(sim.log.at(-1)?.fault, 'drop-mid-batch');
  });
});

describe('model2vec embedder', { timeout: 30_000 }, () => {
  const dir = findModel2VecDir();
  it('tokenises word by word exactly like whole-text encoding on ordinary text', { skip: dir ? false : 'model2vec files absent' }, () => {
    const model = new Model2Vec(dir ?? '');
    const samples = [
      'Hello   World!  The embedder retries on ECONNREFUSED.',
      'getUserName and snake_case, café naïve 日本語 😀',
      '  foo(bar[1], "baz") => {qux}; // ¿qué?\n\nstraße',
    ];
    for (const s of samples) {
      assert.ok(model.tokenIds(s).length > 3);
      assert.deepEqual(model.cachedTokenIds(s), model.tokenIds(s), s);
    }
  });
  it('ranks the related document first for sentence queries', { skip: dir ? false : 'model2vec files absent (../shared/models/model2vec-bge-base-vq128 or LORE_MODEL2VEC_DIR)' }, async () => {
    const sim = await startOllamaSim({ embedder: 'model2vec' });
    try {
      const docs = [
        'Knead the dough, let it rise for an hour, then bake the loaf in a hot oven until golden.',
        'Paris is the capital and largest city of France, on the river Seine.',
        'The football match ended in a draw after extra time and a penalty shootout.',
        'Invest your savings in a diversified fund to lower the risk of losing money.',
      ];
      const queries = ['How do I bake bread at home?', 'What is the capital of France?', 'Who won the soccer game?', 'How should I invest my money?'];
      const embed = async (input: string[]): Promise<number[][]> =>
        ((await (await post(sim, '/api/embed', { model: 'nomic-embed-text', input })).json()) as { embeddings: number[][] }).embeddings;
      const docVectors = await embed(docs);
      const queryVectors = await embed(queries);
      assert.equal(docVectors[0].length, 64);
      queryVectors.forEach((q, i) => {
        const scores = docVectors.map((d) => cosine(q, d));
        const best = scores.indexOf(Math.max(...scores));
        assert.equal(best, i, `"${queries[i]}" ranked "${docs[best]}" first (${scores.map((s) => s.toFixed(2)).join(' ')})`);
      });
    } finally {
      await sim.close();
    }
  });
});

describe('ollama-sim command line', { timeout: 30_000 }, () => {
  it('prints its address and serves until stopped', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/ollamaSim/main.ts', '--port', '0', '--dims', '16'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ollama-sim listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const res = await fetch(`${url}/api/embed`, { method: 'POST', body: JSON.stringify({ model: 'nomic-embed-text', input: 'x y' }) });
      assert.equal(((await res.json()) as { embeddings: number[][] }).embeddings[0].length, 16);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
