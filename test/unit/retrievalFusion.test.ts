import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distributionFusion, mergeAdjacent, reciprocalRankFusion } from '../../src/indexer/search';
import type { RetrievedChunk } from '../../src/indexer/types';

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const list = (...names: string[]) => names.map((id, i) => ({ id, score: 100 - i }));

test('weighted RRF matches the formula on a hand-built example', () => {
  const k = 60;
  const a = list('a', 'b', 'c');
  const b = list('c', 'a', 'd');
  const w = [1, 2];
  // score(d) = sum_i w_i / (k + rank_i(d)), ranks 1-based.
  const expected = new Map([
    ['a', w[0] / (k + 1) + w[1] / (k + 2)],
    ['b', w[0] / (k + 2)],
    ['c', w[0] / (k + 3) + w[1] / (k + 1)],
    ['d', w[1] / (k + 3)],
  ]);
  const fused = reciprocalRankFusion([a, b], w, k);
  assert.deepEqual(ids(fused), [...expected].sort((x, y) => y[1] - x[1]).map(([id]) => id));
  for (const { id, score } of fused) assert.ok(Math.abs(score - (expected.get(id) ?? NaN)) < 1e-12, id);
});

test('RRF uses ranks, not the scores of each side', () => {
  const cosine = [{ id: 'x', score: 0.91 }, { id: 'y', score: 0.9 }];
  const bm25 = [{ id: 'y', score: 42 }, { id: 'x', score: 0.1 }];
  const fused = reciprocalRankFusion([cosine, bm25], [1, 1]);
  assert.equal(fused[0].score, fused[1].score);
  assert.deepEqual(ids(fused), ['x', 'y'], 'ties keep first-met order');
});

test('RRF counts a repeated id once, at its best rank, and checks the weights', () => {
  const fused = reciprocalRankFusion([list('a', 'a', 'b')], [1], 10);
  assert.equal(fused.find((f) => f.id === 'a')?.score, 1 / 11);
  assert.equal(fused.find((f) => f.id === 'b')?.score, 1 / 13);
  assert.throws(() => reciprocalRankFusion([list('a'), list('b')], [1]), RangeError);
  assert.deepEqual(reciprocalRankFusion([], []), []);
});

function hit(path: string, startLine: number, endLine: number, score: number, symbol?: string): RetrievedChunk {
  const text = Array.from({ length: endLine - startLine + 1 }, (_, i) => `${path}:${startLine + i}`).join('\n');
  return { id: `${path}#${startLine}-${endLine}`, path, startLine, endLine, score, symbol, language: 'typescript', kind: 'code', text };
}
const fileLines = (path: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${path}:${from + i}`).join('\n');

test('overlapping chunks of a file merge into one range without repeated lines', () => {
  const merged = mergeAdjacent([hit('a.ts', 8, 15, 0.5, 'fn two'), hit('a.ts', 1, 10, 0.9, 'fn one')]);
  assert.equal(merged.length, 1);
  const m = merged[0];
  assert.equal(m.startLine, 1);
  assert.equal(m.endLine, 15);
  assert.equal(m.text, fileLines('a.ts', 1, 15));
  assert.equal(m.score, 0.9);
  assert.equal(m.id, 'a.ts#1-10');
  assert.equal(m.symbol, 'fn one; fn two');
});

test('touching chunks merge; a contained chunk adds nothing; other files stay apart', () => {
  const merged = mergeAdjacent([hit('a.ts', 1, 5, 0.3), hit('b.ts', 6, 9, 0.8), hit('a.ts', 6, 9, 0.4), hit('a.ts', 2, 3, 0.1)]);
  assert.deepEqual(
    merged.map((m) => [m.path, m.startLine, m.endLine]),
    [
      ['b.ts', 6, 9],
      ['a.ts', 1, 9],
    ],
  );
  assert.equal(merged[1].text, fileLines('a.ts', 1, 9));
});

test('a gap splits ranges unless maxGapLines allows it; gap lines stay empty to keep line numbers', () => {
  const parts = [hit('a.ts', 1, 3, 0.5), hit('a.ts', 6, 7, 0.6)];
  assert.equal(mergeAdjacent(parts).length, 2);
  const [m] = mergeAdjacent(parts, 2);
  assert.equal(m.startLine, 1);
  assert.equal(m.endLine, 7);
  const lines = m.text.split('\n');
  assert.equal(lines.length, 7);
  assert.deepEqual(lines.slice(3, 5), ['', '']);
  assert.equal(lines[5], 'a.ts:6');
});

test('a trailing newline in chunk text does not shift merged lines', () => {
  const a = { ...hit('a.ts', 1, 2, 0.5), text: 'a.ts:1\na.ts:2\n' };
  const [m] = mergeAdjacent([a, hit('a.ts', 3, 4, 0.4)]);
  assert.equal(m.text, fileLines('a.ts', 1, 4));
});

test('distribution fusion standardises each list and maps mean +- 3 sd onto 0..1', () => {
  const a = [{ id: 'x', score: 10 }, { id: 'y', score: 0 }];
  const b = [{ id: 'y', score: 0.9 }, { id: 'z', score: 0.7 }, { id: 'x', score: 0.5 }];
  const norm = (s: number, list: { score: number }[]) => {
    const mean = list.reduce((t, h) => t + h.score, 0) / list.length;
    const sd = Math.sqrt(list.reduce((t, h) => t + (h.score - mean) ** 2, 0) / list.length);
    return Math.max(0, (s - (mean - 3 * sd)) / (6 * sd));
  };
  const fused = distributionFusion([a, b], [1, 2]);
  const expected = new Map([
    ['x', norm(10, a) + 2 * norm(0.5, b)],
    ['y', norm(0, a) + 2 * norm(0.9, b)],
    ['z', 2 * norm(0.7, b)],
  ]);
  assert.deepEqual(ids(fused), [...expected].sort((p, q) => q[1] - p[1]).map(([id]) => id));
  for (const { id, score } of fused) assert.ok(Math.abs(score - (expected.get(id) ?? NaN)) < 1e-12, id);
  // A list whose scores are all equal ranks nothing: its members sit mid-band.
  assert.deepEqual(distributionFusion([list('p', 'q').map((h) => ({ ...h, score: 1 }))], [1]).map((h) => h.score), [0.5, 0.5]);
  assert.throws(() => distributionFusion([a], [1, 1]), RangeError);
});
