import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkRank, fileRank, median, summarize } from '../eval/metrics';
import { applyEdits, mapRange } from '../eval/lineEdits';
import { firstSentence } from '../eval/firstSentence';

const hit = (path: string, startLine: number, endLine: number) => ({ path, startLine, endLine });

test('fileRank counts distinct files in hit order and respects the cutoff', () => {
  const hits = [hit('a.ts', 1, 5), hit('a.ts', 9, 12), hit('b.ts', 1, 3), hit('c.ts', 1, 3)];
  assert.equal(fileRank(hits, { path: 'a.ts' }, 10), 1);
  assert.equal(fileRank(hits, { path: 'b.ts' }, 10), 2);
  assert.equal(fileRank(hits, { path: 'c.ts' }, 10), 3);
  assert.equal(fileRank(hits, { path: 'c.ts' }, 2), 0);
  assert.equal(fileRank(hits, { path: 'd.ts' }, 10), 0);
});

test('chunkRank needs the same file and overlapping lines (touching ends count, adjacency does not)', () => {
  const hits = [hit('a.ts', 1, 5), hit('b.ts', 10, 20), hit('a.ts', 30, 40)];
  assert.equal(chunkRank(hits, hit('a.ts', 5, 8), 10), 1);
  assert.equal(chunkRank(hits, hit('a.ts', 6, 29), 10), 0);
  assert.equal(chunkRank(hits, hit('a.ts', 35, 36), 10), 3);
  assert.equal(chunkRank(hits, hit('a.ts', 35, 36), 2), 0);
  assert.equal(chunkRank(hits, hit('c.ts', 10, 20), 10), 0);
});

test('summarize: accuracy at k and mean reciprocal rank, misses count as 0', () => {
  const s = summarize([1, 2, 6, 0]);
  assert.equal(s.n, 4);
  assert.equal(s.acc1, 0.25);
  assert.equal(s.acc5, 0.5);
  assert.equal(s.acc10, 0.75);
  assert.ok(Math.abs(s.mrr - (1 + 0.5 + 1 / 6) / 4) < 1e-12);
  assert.deepEqual(summarize([]), { n: 0, acc1: 0, acc5: 0, acc10: 0, mrr: 0 });
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('applyEdits maps old lines to new ones and gold ranges survive removed doc comments', () => {
  const text = ['/**', ' * Doc.', ' */', 'function f() {', '  return 1;', '}', 'x /** t */ y'].join('\n');
  const { text: out, map } = applyEdits(text, [{ start: 1, end: 3, lines: [] }, { start: 7, end: 7, lines: ['x y'] }]);
  assert.equal(out, ['function f() {', '  return 1;', '}', 'x y'].join('\n'));
  assert.deepEqual(mapRange(map, 4, 6), { startLine: 1, endLine: 3 });
  assert.deepEqual(mapRange(map, 1, 6), { startLine: 1, endLine: 3 });
  assert.equal(mapRange(map, 1, 3), undefined);
});

test('firstSentence skips signature paragraphs and keeps dotted names and abbreviations whole', () => {
  assert.equal(firstSentence('MarkdownIt.set(options)\n\nSet parser options, e.g. `html`. More text.'), 'Set parser options, e.g. `html`.');
  assert.equal(firstSentence('Proxy to {@link Router#use} for app.use() calls! Then more.'), 'Proxy to Router#use for app.use() calls!');
  assert.equal(firstSentence('No stop at all'), 'No stop at all');
});
