// The chat layer end to end over real loopback HTTP: the Ollama client against ollama-sim, which
// parses the prompt layout Lore sends and answers with citations of the sources it found there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { OllamaClient } from '../../src/ollama';
import { runTurn, type ChatDeps, type ChatEvent } from '../../src/chat/session';
import type { RetrievedChunk } from '../../src/indexer/types';

const MODEL = 'deepseek-r1:1.5b';
let sim: OllamaSim;

before(async () => {
  sim = await startOllamaSim();
});
after(async () => {
  await sim.close();
});

const CHUNKS: RetrievedChunk[] = [
  { id: 'a', path: 'docs/setup.md', startLine: 1, endLine: 2, language: 'markdown', kind: 'doc', score: 0.4, text: '# Setup\nRun npm install.' },
  {
    id: 'b',
    path: 'src/auth/login.ts',
    startLine: 10,
    endLine: 12,
    symbol: 'function handleLogin',
    language: 'typescript',
    kind: 'code',
    score: 0.9,
    text: 'export function handleLogin(user: string) {\n  return checkPassword(user);\n}',
  },
];

function deps(client: OllamaClient): ChatDeps {
  return {
    retrieve: async () => CHUNKS,
    chatStream: (messages, signal) => client.chatStream({ model: MODEL, messages }, signal),
    chatOnce: (messages, signal) => client.chat({ model: MODEL, messages, think: false }, signal),
    budgetTokens: 4000,
  };
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

test('sim: the prompt layout is understood and the answer cites the right source', async () => {
  const client = new OllamaClient({ host: sim.url });
  const events = await collect(runTurn(deps(client), { question: 'How does handleLogin check the password?', history: [] }, new AbortController().signal));
  const done = events[events.length - 1];
  assert.ok(done.type === 'done', JSON.stringify(done));
  assert.match(done.turn.answer, /src\/auth\/login\.ts/);
  assert.ok(done.cited.includes(2), `cited ${done.cited}`);
  const thinking = events.flatMap((e) => (e.type === 'thinking' ? [e.delta] : [])).join('');
  assert.match(thinking, /handleLogin/);
  assert.ok(!done.turn.answer.includes('<think>'));
  assert.ok(!done.turn.answer.includes(thinking.slice(0, 40)));
});

test('sim: Ollama unreachable gives advice and the retrieved passages', async () => {
  sim.setFault({ kind: 'refuse', paths: ['/api/chat'] });
  try {
    const client = new OllamaClient({ host: sim.url });
    const events = await collect(runTurn(deps(client), { question: 'How does handleLogin work?', history: [] }, new AbortController().signal));
    const err = events[events.length - 1];
    assert.ok(err.type === 'error', JSON.stringify(err));
    assert.equal(err.partialAnswer, '');
    assert.ok(err.advice && err.advice.length > 0);
    assert.deepEqual(err.retrievalOnly?.map((s) => s.path), ['docs/setup.md', 'src/auth/login.ts']);
  } finally {
    sim.setFault(null);
  }
});

test('sim: a follow-up is rewritten by the model before retrieval', async () => {
  const client = new OllamaClient({ host: sim.url });
  const queries: string[] = [];
  const d = { ...deps(client), retrieve: async (q: string) => (queries.push(q), CHUNKS) };
  const history = [{ id: 't0', question: 'How does `handleLogin` work?', answer: 'It calls a checker [2].', sources: [], createdAt: 1 }];
  const events = await collect(runTurn(d, { question: 'Where is it tested?', history }, new AbortController().signal));
  assert.equal(events[events.length - 1].type, 'done');
  assert.deepEqual(queries, ['Where is handleLogin tested?']);
});
