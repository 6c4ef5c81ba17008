import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  messagesTokens,
  restoreHistory,
  trimHistory,
  turnMessages,
  type ChatTurn,
} from '../../src/chat/history';

function turn(i: number, answer = `Answer number ${i} `.repeat(10)): ChatTurn {
  return {
    id: `t${i}`,
    question: `Question ${i}?`,
    answer,
    sources: [{ n: 1, path: `src/f${i}.ts`, startLine: 1, endLine: 9, language: 'typescript', kind: 'code' }],
    createdAt: 1_700_000_000_000 + i,
  };
}

const cost = (t: ChatTurn) => messagesTokens(turnMessages(t));

test('trimHistory drops the oldest turns first and keeps order', () => {
  const turns = [1, 2, 3, 4, 5].map((i) => turn(i));
  const budget = cost(turns[2]) + cost(turns[3]) + cost(turns[4]);
  assert.deepEqual(trimHistory(turns, budget).map((t) => t.id), ['t3', 't4', 't5']);
  assert.deepEqual(trimHistory(turns, budget - 1).map((t) => t.id), ['t4', 't5']);
  assert.deepEqual(trimHistory(turns, 0), []);
  assert.equal(trimHistory(turns, Number.MAX_SAFE_INTEGER).length, 5);
});

test('trimHistory keeps a contiguous recent stretch: a big turn stops the walk', () => {
  const turns = [turn(1), turn(2, 'x'.repeat(10_000)), turn(3)];
  assert.deepEqual(trimHistory(turns, cost(turns[0]) + cost(turns[2])).map((t) => t.id), ['t3']);
});

test('turnMessages never carries reasoning and drops stale citation markers', () => {
  const t = turn(1, '<think>secret chain of thought</think>\nThe indexer batches inputs [1][2], see [3].');
  const msgs = turnMessages(t);
  assert.deepEqual(msgs, [
    { role: 'user', content: 'Question 1?' },
    { role: 'assistant', content: 'The indexer batches inputs, see.' },
  ]);
  assert.ok(!JSON.stringify(msgs).includes('secret'));
});

test('turnMessages skips turns that failed before any answer and mentions a selection', () => {
  assert.deepEqual(turnMessages({ ...turn(1, ''), error: 'Ollama is not reachable' }), []);
  const withSel = turnMessages({
    ...turn(2, 'It parses.'),
    selection: { path: 'a.ts', language: 'typescript', startLine: 3, endLine: 4, text: 'x' },
  });
  assert.equal(withSel[0].content, '(About the selected code a.ts:3-4) Question 2?');
});

test('trimHistory ignores unanswered turns instead of stopping at them', () => {
  const turns = [turn(1), { ...turn(2, ''), error: 'boom' }, turn(3)];
  assert.deepEqual(trimHistory(turns, cost(turns[0]) + cost(turns[2])).map((t) => t.id), ['t1', 't3']);
});

test('history survives a JSON round trip and damaged entries are dropped', () => {
  const turns: ChatTurn[] = [
    { ...turn(1), stopped: true, selection: { path: 'a.ts', language: 'ts', startLine: 1, endLine: 2, text: 'a' } },
    { ...turn(2), error: 'model missing' },
  ];
  const stored = JSON.parse(JSON.stringify(turns)) as unknown;
  assert.deepEqual(restoreHistory(stored), turns);
  const damaged = [stored, { id: 1 }, { ...turn(3), sources: [{ n: 0 }] }, null, turn(4)];
  assert.deepEqual(restoreHistory(damaged.flat()).map((t) => t.id), ['t1', 't2', 't4']);
  assert.deepEqual(restoreHistory('not an array'), []);
});
