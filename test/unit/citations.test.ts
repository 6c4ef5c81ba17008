import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCitations, parseCitations } from '../../src/chat/citations';

test('parseCitations: single, adjacent and comma-separated markers', () => {
  assert.deepEqual(parseCitations('Indexing batches inputs [2]. See also [1][3].', 5), [1, 2, 3]);
  assert.deepEqual(parseCitations('Both files agree [4, 2].', 5), [2, 4]);
  assert.deepEqual(parseCitations('Glued to a word: the embedder[3].', 5), [3]);
});

test('parseCitations: ranges expand, reversed or with an en dash', () => {
  assert.deepEqual(parseCitations('See [1-3].', 5), [1, 2, 3]);
  assert.deepEqual(parseCitations('See [4–2] and [5].', 5), [2, 3, 4, 5]);
  assert.deepEqual(parseCitations('Noise [1-100000].', 5), []);
});

test('parseCitations: out-of-range numbers are ignored', () => {
  assert.deepEqual(parseCitations('Cited [0], [6] and [2, 9].', 5), [2]);
  assert.deepEqual(parseCitations('Cited [1].', 0), []);
});

test('parseCitations: links, footnotes and code are not citations', () => {
  const answer = [
    'A link [1](https://example.com) and a reference link [docs][2] and [3][ref].',
    'A footnote [^4] and inline code `items[5]`.',
    '```ts',
    'const first = items[6];',
    '```',
    'Real citation [7].',
  ].join('\n');
  assert.deepEqual(parseCitations(answer, 7), [7]);
});

test('parseCitations: an unclosed fence (answer still streaming) hides its content', () => {
  assert.deepEqual(parseCitations('Before [1].\n```js\nx[2]', 5), [1]);
});

test('findCitations: offsets cover the whole marker for linkifying', () => {
  const answer = 'See [1, 2] then [3].';
  const spans = findCitations(answer, 3);
  assert.deepEqual(
    spans.map((s) => [answer.slice(s.start, s.end), s.numbers]),
    [
      ['[1, 2]', [1, 2]],
      ['[3]', [3]],
    ],
  );
});
