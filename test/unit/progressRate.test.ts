import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProgress, ProgressRate } from '../../src/util/progressRate';

test('rate and ETA from samples; a new pass restarts the estimate', () => {
  const p = new ProgressRate();
  assert.deepEqual(p.add({ at: 0, done: 0, total: 100 }), { done: 0, total: 100, percent: 0 });
  const e = p.add({ at: 10_000, done: 20, total: 100 });
  assert.equal(e.rate, 2);
  assert.equal(e.etaSeconds, 40);
  assert.equal(e.percent, 20);
  assert.equal(formatProgress(e), '20/100 files (20%), 2.0 files/s, about 40 s left');
  // Old samples leave the 30 s window: the rate follows the recent pace.
  p.add({ at: 40_000, done: 30, total: 100 });
  const slow = p.add({ at: 70_000, done: 40, total: 100 });
  assert.ok(Math.abs(slow.rate! - 1 / 3) < 1e-9, `rate ${slow.rate}`);
  const again = p.add({ at: 71_000, done: 5, total: 100 });
  assert.equal(again.rate, undefined, 'done went back: a new pass');
  assert.equal(formatProgress({ done: 3, total: 0 }), '3/0 files');
});

test('durations: the time left in the progress line', () => {
  const left = (etaSeconds: number) => formatProgress({ done: 1, total: 2, etaSeconds });
  assert.equal(left(0.2), '1/2 files, about 1 s left');
  assert.equal(left(59), '1/2 files, about 59 s left');
  assert.equal(left(150), '1/2 files, about 3 min left');
  assert.equal(left(3900), '1/2 files, about 1 h 5 min left');
  assert.equal(formatProgress({ done: 2, total: 2, etaSeconds: 5 }), '2/2 files', 'no time left once done');
});
