import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cleanTitle, conversationMarkdown, restoreConversations, summaries, titleFrom, upsert, type Conversation,
} from '../../src/chat/conversations';

const conv = (id: string, updatedAt: number, turns: string[] = ['q']): Conversation<string> =>
  ({ id, title: `t-${id}`, createdAt: updatedAt - 10, updatedAt, turns });

test('titleFrom takes the first question without scope prefixes, on one line, shortened', () => {
  assert.equal(titleFrom('@docs  How is the index\nstored?'), 'How is the index stored?');
  assert.equal(titleFrom('@folder:api @code where is login'), 'where is login');
  const long = titleFrom('x'.repeat(100));
  assert.equal(long.length, 60);
  assert.ok(long.endsWith('…'));
  assert.equal(titleFrom('   '), 'New conversation');
  assert.equal(cleanTitle('  a \n b '), 'a b');
  assert.equal(cleanTitle('  '), undefined);
});

test('summaries list non-empty conversations, newest activity first', () => {
  const list = [conv('a', 100), conv('b', 300), conv('c', 200), conv('empty', 400, [])];
  assert.deepEqual(summaries(list).map((s) => s.id), ['b', 'c', 'a']);
  assert.deepEqual(summaries([conv('a', 100, ['x', 'y'])])[0], { id: 'a', title: 't-a', createdAt: 90, updatedAt: 100, turns: 2 });
});

test('upsert replaces by id, drops empty ones and keeps the most recent `max`', () => {
  let list: Conversation<string>[] = [];
  for (let i = 0; i < 5; i++) list = upsert(list, conv(`c${i}`, i), 3);
  assert.deepEqual(list.map((c) => c.id), ['c4', 'c3', 'c2']);
  list = upsert(list, { ...conv('c2', 10), turns: ['a', 'b'] }, 3);
  assert.deepEqual(list.map((c) => [c.id, c.turns.length]), [['c2', 2], ['c4', 1], ['c3', 1]]);
  list = upsert(list, conv('c4', 11, []), 3);
  assert.deepEqual(list.map((c) => c.id), ['c2', 'c3'], 'a conversation emptied is removed');
});

test('restoreConversations drops damaged entries and rejected turns', () => {
  const stored = JSON.parse(JSON.stringify([
    conv('ok', 5, ['a', 'bad', 'b']), { ...conv('renamed', 4), renamed: true }, { id: 'x' }, null, 'str',
    conv('allbad', 3, ['bad']), { ...conv('nodate', 2), updatedAt: '2' },
  ])) as unknown;
  const restored = restoreConversations(stored, (t) => (typeof t === 'string' && t !== 'bad' ? t : undefined));
  assert.deepEqual(restored.map((c) => [c.id, c.turns, c.renamed]), [['ok', ['a', 'b'], undefined], ['renamed', ['q'], true]]);
  assert.deepEqual(restoreConversations({ not: 'a list' }, () => 'x'), []);
  // A workspace keeps 50 conversations: restoring caps at the same number as saving (upsert's default).
  const many = Array.from({ length: 60 }, (_, i) => conv(`m${i}`, i));
  assert.equal(restoreConversations(many, (t) => t as string).length, 50);
  assert.equal(many.reduce<Conversation<string>[]>((list, c) => upsert(list, c), []).length, 50);
});

test('conversationMarkdown: quoted questions, answers, numbered sources with lines', () => {
  const md = conversationMarkdown('Index storage', Date.UTC(2026, 11, 5, 8, 30), [
    { question: 'How is it stored?\nBriefly.', answer: 'Atomically [1].', sources: [
      { n: 1, path: 'src/store.ts', startLine: 12, endLine: 30, symbol: 'function writeAtomic' },
      { n: 2, path: 'README.md', startLine: 4, endLine: 4 }] },
    { question: 'And then?', answer: '', sources: [], error: 'Ollama is not reachable' },
  ]);
  assert.equal(md, [
    '# Index storage', '', '_Lore conversation, 2026-12-05 08:30 UTC_', '',
    '---', '', '> How is it stored?', '> Briefly.', '', 'Atomically [1].', '',
    'Sources:', '', '1. `src/store.ts:12-30` (function writeAtomic)', '2. `README.md:4`', '',
    '---', '', '> And then?', '', '_Error: Ollama is not reachable_', '',
  ].join('\n'));
});
