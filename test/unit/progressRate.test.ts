import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatProgress, ProgressRate } from '../../src/util/progressRate';

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

test('durations', () => {
  assert.equal(formatDuration(0.2), '1 s');
  assert.equal(formatDuration(59), '59 s');
  assert.equal(formatDuration(150), '3 min');
  assert.equal(formatDuration(3900), '1 h 5 min');
});
