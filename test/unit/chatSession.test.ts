import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTurn, type ChatDeps, type ChatEvent, type ChatStreamPart } from '../../src/chat/session';
import type { ChatTurn } from '../../src/chat/history';
import { TurnController } from '../../src/chat/turnController';
import type { PromptMessage } from '../../src/chat/prompt';
import type { RetrievedChunk } from '../../src/indexer/types';

const CHUNKS: RetrievedChunk[] = [
  { id: 'a', path: 'src/embedder.ts', startLine: 1, endLine: 3, language: 'typescript', kind: 'code', score: 0.9, text: 'export function embedBatch() {}' },
  { id: 'b', path: 'README.md', startLine: 5, endLine: 6, language: 'markdown', kind: 'doc', score: 0.5, text: 'Batches of 32.' },
];

const part = (content: string, thinking = '', done = false): ChatStreamPart => ({ content, thinking, done });

async function* fromParts(parts: ChatStreamPart[]): AsyncGenerator<ChatStreamPart> {
  for (const p of parts) {
    await new Promise((r) => setImmediate(r));
    yield p;
  }
}

/** A stream that sends `parts` and then never sends anything again, ignoring its signal. */
function stalling(parts: ChatStreamPart[], closed: { value: boolean }): AsyncIterable<ChatStreamPart> {
  return {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next: () => (i < parts.length ? Promise.resolve({ value: parts[i++], done: false }) : new Promise(() => {})),
        return: async () => {
          closed.value = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
}

function deps(over: Partial<ChatDeps> = {}): ChatDeps {
  return {
    retrieve: async () => CHUNKS,
    chatStream: () => fromParts([part('<th'), part('ink>Look at [1].</thi'), part('nk>\n\nIt batches'), part(' inputs [1][2].', '', true)]),
    budgetTokens: 4000,
    now: () => 42,
    newId: () => 'turn-1',
    ...over,
  };
}

async function collect(events: AsyncIterable<ChatEvent>, onEvent?: (e: ChatEvent) => void): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of events) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}

const previous: ChatTurn = {
  id: 't0',
  question: 'How does `embedBatch` work?',
  answer: 'It slices inputs [1].',
  sources: [],
  createdAt: 1,
};

test('runTurn: event order, reasoning split off, done turn with citations', async () => {
  let query = '';
  let sent: PromptMessage[] = [];
  const d = deps({
    retrieve: async (q) => {
      query = q;
      return CHUNKS;
    },
    chatStream: (messages) => {
      sent = messages;
      return deps().chatStream(messages, new AbortController().signal);
    },
  });
  const events = await collect(runTurn(d, { question: 'How are inputs batched?', history: [] }, new AbortController().signal));
  assert.deepEqual(events.map((e) => e.type), ['status', 'sources', 'status', 'thinking', 'answer', 'answer', 'done']);
  assert.equal(query, 'How are inputs batched?');
  assert.match(sent[sent.length - 1].content, /^\[1\] src\/embedder\.ts:1-3\n/);
  const thinking = events.flatMap((e) => (e.type === 'thinking' ? [e.delta] : [])).join('');
  const answer = events.flatMap((e) => (e.type === 'answer' ? [e.delta] : [])).join('');
  assert.equal(thinking, 'Look at [1].');
  assert.equal(answer, 'It batches inputs [1][2].');
  const done = events[events.length - 1];
  assert.ok(done.type === 'done');
  assert.deepEqual(done.cited, [1, 2]);
  assert.deepEqual(done.turn, {
    id: 'turn-1',
    question: 'How are inputs batched?',
    answer: 'It batches inputs [1][2].',
    sources: [
      { n: 1, path: 'src/embedder.ts', startLine: 1, endLine: 3, language: 'typescript', kind: 'code' },
      { n: 2, path: 'README.md', startLine: 5, endLine: 6, language: 'markdown', kind: 'doc' },
    ],
    createdAt: 42,
  });
});

test("runTurn: Ollama's thinking field becomes thinking events", async () => {
  const d = deps({ chatStream: () => fromParts([part('', 'Reasoning...'), part('Answer [2].', '', true)]) });
  const events = await collect(runTurn(d, { question: 'Q?', history: [] }, new AbortController().signal));
  assert.deepEqual(
    events.filter((e) => e.type === 'thinking' || e.type === 'answer'),
    [
      { type: 'thinking', delta: 'Reasoning...' },
      { type: 'answer', delta: 'Answer [2].' },
    ],
  );
});

test('runTurn: a follow-up is rewritten before retrieval; the selection joins the query', async () => {
  let query = '';
  const d = deps({
    chatOnce: async () => 'Where is embedBatch tested?',
    retrieve: async (q) => {
      query = q;
      return CHUNKS;
    },
  });
  const selection = { path: 'src/a.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'embedBatch(xs)' };
  const events = await collect(runTurn(d, { question: 'Where is it tested?', history: [previous], selection }, new AbortController().signal));
  assert.equal(query, 'Where is embedBatch tested?\n\nembedBatch(xs)');
  assert.deepEqual(events.slice(0, 2), [
    { type: 'status', text: 'Understanding the follow-up question...' },
    { type: 'status', text: 'Searching the workspace...' },
  ]);
  const done = events[events.length - 1];
  assert.ok(done.type === 'done');
  assert.equal(done.turn.question, 'Where is it tested?');
  assert.deepEqual(done.turn.selection, selection);
});

test('runTurn: Stop mid-stream ends the turn at once with the partial answer', { timeout: 5000 }, async () => {
  const closed = { value: false };
  const ctrl = new AbortController();
  const d = deps({ chatStream: () => stalling([part('<think>hmm</think>Partial'), part(' answer [1]')], closed) });
  const t0 = Date.now();
  const events = await collect(runTurn(d, { question: 'Q?', history: [] }, ctrl.signal), (e) => {
    if (e.type === 'answer' && e.delta.endsWith('[1]')) setTimeout(() => ctrl.abort(), 5);
  });
  assert.ok(Date.now() - t0 < 1000);
  const done = events[events.length - 1];
  assert.ok(done.type === 'done');
  assert.equal(done.turn.stopped, true);
  assert.equal(done.turn.answer, 'Partial answer [1]');
  assert.deepEqual(done.cited, [1]);
  assert.equal(events.filter((e) => e.type === 'done' || e.type === 'error').length, 1);
  assert.equal(closed.value, true, 'the chat stream is closed');
});

test('runTurn: Stop during retrieval ends the turn with nothing answered', { timeout: 5000 }, async () => {
  const ctrl = new AbortController();
  const d = deps({ retrieve: () => new Promise(() => {}) });
  const events = await collect(runTurn(d, { question: 'Q?', history: [] }, ctrl.signal), (e) => {
    if (e.type === 'status') setTimeout(() => ctrl.abort(), 5);
  });
  const done = events[events.length - 1];
  assert.ok(done.type === 'done');
  assert.equal(done.turn.stopped, true);
  assert.equal(done.turn.answer, '');
  assert.ok(!events.some((e) => e.type === 'sources'));
});

test('runTurn: model unreachable mid-stream gives an error with partial answer and the sources', async () => {
  const d = deps({
    chatStream: async function* () {
      yield part('The embedder batches');
      throw Object.assign(new Error('fetch failed'), { kind: 'unreachable', advice: 'Start it with `ollama serve`.' });
    },
  });
  const events = await collect(runTurn(d, { question: 'Q?', history: [] }, new AbortController().signal));
  const err = events[events.length - 1];
  assert.ok(err.type === 'error');
  assert.equal(err.message, 'fetch failed');
  assert.equal(err.advice, 'Start it with `ollama serve`.');
  assert.equal(err.partialAnswer, 'The embedder batches');
  assert.equal(err.kind, 'unreachable');
  assert.deepEqual(err.retrievalOnly?.map((s) => s.path), ['src/embedder.ts', 'README.md']);
  assert.deepEqual(err.passages, CHUNKS.map((c) => c.text));
  assert.equal(err.turn?.error, 'fetch failed');
  assert.equal(err.turn?.answer, 'The embedder batches');
});

test('runTurn: other model errors keep a partial answer without retrievalOnly', async () => {
  const d = deps({
    chatStream: async function* () {
      yield part('Half an answer');
      throw Object.assign(new Error('server error 500'), { kind: 'server' });
    },
  });
  const events = await collect(runTurn(d, { question: 'Q?', history: [] }, new AbortController().signal));
  const err = events[events.length - 1];
  assert.ok(err.type === 'error');
  assert.equal(err.partialAnswer, 'Half an answer');
  assert.equal(err.retrievalOnly, undefined);
  assert.equal(err.passages, undefined);
  assert.equal(err.advice, undefined);
  // Failing before any text: the passages are all there is to show.
  const early = deps({
    chatStream: () => {
      throw Object.assign(new Error('model "x" not found'), { kind: 'model-missing', advice: 'Pull it.' });
    },
  });
  const last = (await collect(runTurn(early, { question: 'Q?', history: [] }, new AbortController().signal))).pop();
  assert.ok(last?.type === 'error');
  assert.equal(last.partialAnswer, '');
  assert.equal(last.retrievalOnly?.length, 2);
});

test('runTurn: a retrieval failure is an error event and the model is not asked', async () => {
  let asked = false;
  const d = deps({
    retrieve: async () => {
      throw new Error('index is locked');
    },
    chatStream: () => {
      asked = true;
      return fromParts([]);
    },
  });
  const events = await collect(runTurn(d, { question: 'Q?', history: [] }, new AbortController().signal));
  const err = events[events.length - 1];
  assert.ok(err.type === 'error');
  assert.match(err.message, /index is locked/);
  assert.equal(asked, false);
});

test('TurnController: a new turn aborts the previous one; stop() ends the current one', { timeout: 5000 }, async () => {
  const controller = new TurnController();
  const closed = { value: false };
  const first = collect(controller.start('t1', (signal) => runTurn(deps({ chatStream: () => stalling([part('First')], closed) }), { question: 'One?', history: [] }, signal)));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(controller.currentId, 't1');
  const second = collect(controller.start('t2', (signal) => runTurn(deps({ chatStream: () => stalling([part('Second')], closed) }), { question: 'Two?', history: [] }, signal)));
  const firstDone = (await first).pop();
  assert.ok(firstDone?.type === 'done');
  assert.equal(firstDone.turn.stopped, true);
  assert.equal(firstDone.turn.answer, 'First');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(controller.currentId, 't2', 'the first turn ending does not release the second');
  controller.stop();
  const secondDone = (await second).pop();
  assert.ok(secondDone?.type === 'done');
  assert.equal(secondDone.turn.stopped, true);
  assert.equal(secondDone.turn.answer, 'Second');
  assert.equal(controller.busy, false);
});
