import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFileSupport } from '../../src/indexer/search/fileEvidence';
import { boostFactor, maxBoostFactor, type BoostContext } from '../../src/indexer/search/boosts';
import { queryIntent, roleFactorsFor } from '../../src/indexer/query/intent';
import type { Chunk } from '../../src/indexer/types';

test('withFileSupport: a file matching in several places overtakes one lucky chunk; order inside a file stays', () => {
  const fused = [
    { id: 'lucky', score: 1.0, path: 'tests/test_a.py' },
    { id: 'a1', score: 0.8, path: 'src/a.py' },
    { id: 'a2', score: 0.7, path: 'src/a.py' },
    { id: 'a3', score: 0.6, path: 'src/a.py' },
    { id: 'b1', score: 0.5 },
  ];
  const paths = new Map([['b1', 'src/b.py']]);
  const out = withFileSupport(fused, (id) => paths.get(id), 0.5);
  assert.deepEqual(
    out.map((c) => c.id),
    ['a1', 'a2', 'lucky', 'a3', 'b1'], // 0.8, 0.7 and 0.6 times 1.625 (1.3, 1.14, 0.98),
  );
  // factor 1 + 0.5 * (0.7 + 0.6 / 2) / 0.8 = 1.625 on every chunk of src/a.py
  assert.ok(Math.abs((out[0].score ?? 0) - 0.8 * 1.625) < 1e-9);
  assert.equal(out.find((c) => c.id === 'lucky')?.score, 1.0);
  assert.equal(out.find((c) => c.id === 'b1')?.score, 0.5);
  // Weight 0 is the identity.
  assert.deepEqual(withFileSupport(fused, () => undefined, 0), fused);
});

function chunk(path: string, kind: Chunk['kind']): Chunk {
  return { id: path, path, kind, language: kind === 'code' ? 'python' : 'markdown', startLine: 1, endLine: 5, text: 'x', hash: path };
}

test('report demotion: a locate question holds back tests and docs, never raising the selection bound', () => {
  const report = 'simplify() hangs\n```python\n>>> simplify(cos(x)**I)\n```\nTypeError: Invalid comparison of complex I';
  const ctx: BoostContext = { pathHints: [], identifiers: new Set(), roleFactors: roleFactorsFor(queryIntent(report), 0.5) };
  assert.equal(boostFactor(chunk('pkg/simplify/fu.py', 'code'), ctx), 1);
  assert.equal(boostFactor(chunk('pkg/simplify/tests/test_fu.py', 'code'), ctx), 0.5);
  assert.equal(boostFactor(chunk('doc/src/simplify.rst', 'doc'), ctx), 0.5);
  assert.equal(maxBoostFactor(ctx), 1);
  // A question about tests keeps them; a plain question demotes nothing; factor 1 is off.
  assert.equal(roleFactorsFor(queryIntent('Which tests cover simplify()?\n```\n>>> simplify(x)\n```'), 0.5)?.test, undefined);
  assert.equal(roleFactorsFor(queryIntent('How is the cache invalidated?'), 0.5), undefined);
  assert.equal(roleFactorsFor(queryIntent(report), 1), undefined);
});
