import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteForRetrieval, type ChatOnce } from '../../src/chat/followUp';
import type { ChatTurn } from '../../src/chat/history';
import type { PromptMessage } from '../../src/chat/prompt';

const previous: ChatTurn = {
  id: 't1',
  question: 'How does `embedBatch` split the inputs?',
  answer: '<think>secretReasoningToken thinking</think>It slices by `maxBatchSize` and keeps order [1].',
  sources: [{ n: 1, path: 'src/indexer/embedder.ts', startLine: 1, endLine: 40, language: 'typescript', kind: 'code' }],
  createdAt: 1,
};

test('no history: the question is used as is and the model is not asked', async () => {
  let called = false;
  const chat: ChatOnce = async () => {
    called = true;
    return 'x';
  };
  assert.equal(await rewriteForRetrieval('Where is it tested?', [], chat), 'Where is it tested?');
  const failedOnly = [{ ...previous, answer: '', error: 'unreachable' }];
  assert.equal(await rewriteForRetrieval('Where is it tested?', failedOnly, chat), 'Where is it tested?');
  assert.equal(called, false);
});

test('model rewrite: reasoning and labels are stripped; the prompt carries no reasoning', async () => {
  let seen: PromptMessage[] = [];
  const chat: ChatOnce = async (messages) => {
    seen = messages;
    return '<think>they mean embedBatch</think>\nStandalone question: "Where is embedBatch tested?"\nExtra chatter.';
  };
  assert.equal(await rewriteForRetrieval('Where is it tested?', [previous], chat), 'Where is embedBatch tested?');
  const prompt = seen.map((m) => m.content).join('\n');
  assert.match(prompt, /How does `embedBatch` split the inputs\?/);
  assert.match(prompt, /Follow-up question: Where is it tested\?/);
  assert.ok(!prompt.includes('secretReasoningToken'));
});

// Without a model the rewrite is the heuristic one.
test('heuristic: question plus salient terms of the last turn, never its reasoning', async () => {
  const q = await rewriteForRetrieval('Where is it tested?', [previous]);
  assert.ok(q.startsWith('Where is it tested? '));
  for (const term of ['embedBatch', 'maxBatchSize', 'embedder.ts', 'inputs']) assert.ok(q.includes(term), `${term} in ${q}`);
  assert.ok(!q.includes('secretReasoningToken'));
  assert.equal((await rewriteForRetrieval('Is embedBatch tested?', [previous])).match(/embedBatch/g)?.length, 1);
});

test('fallback when the model fails, returns nothing usable, or is slow', async () => {
  const expected = await rewriteForRetrieval('Where is it tested?', [previous]);
  const failing: ChatOnce = async () => {
    throw Object.assign(new Error('fetch failed'), { kind: 'unreachable' });
  };
  assert.equal(await rewriteForRetrieval('Where is it tested?', [previous], failing), expected);
  assert.equal(await rewriteForRetrieval('Where is it tested?', [previous]), expected);
  for (const reply of ['', '   \n', '<think>only reasoning, never closed', 'x'.repeat(2000)]) {
    const chat: ChatOnce = async () => reply;
    assert.equal(await rewriteForRetrieval('Where is it tested?', [previous], chat), expected, JSON.stringify(reply.slice(0, 20)));
  }
  // A model that ignores its signal and never answers.
  const hanging: ChatOnce = () => new Promise<string>(() => {});
  const t0 = Date.now();
  assert.equal(await rewriteForRetrieval('Where is it tested?', [previous], hanging, undefined, { timeoutMs: 50 }), expected);
  assert.ok(Date.now() - t0 < 1000);
});

test('the timeout aborts the signal handed to the model, and so does the caller', async () => {
  let aborted: AbortSignal | undefined;
  const chat: ChatOnce = (_m, signal) => {
    aborted = signal;
    return new Promise<string>(() => {});
  };
  await rewriteForRetrieval('Where is it tested?', [previous], chat, undefined, { timeoutMs: 20 });
  assert.equal(aborted?.aborted, true);

  const outer = new AbortController();
  const pending = rewriteForRetrieval('Where is it tested?', [previous], chat, outer.signal, { timeoutMs: 60_000 });
  setTimeout(() => outer.abort(), 10);
  const t0 = Date.now();
  assert.equal(await pending, await rewriteForRetrieval('Where is it tested?', [previous]));
  assert.ok(Date.now() - t0 < 1000);
  assert.equal(aborted?.aborted, true);
});
