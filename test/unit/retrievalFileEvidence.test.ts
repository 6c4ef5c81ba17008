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

test('retrieve: a pasted report ranks the implementation above a test that mentions the same names; a plain question does not', async () => {
  const { retrieve } = await import('../../src/indexer/search/retrieve');
  const chunks = new Map<string, Chunk>([
    ['t1', { ...chunk('pkg/tests/test_parse.py', 'code'), id: 't1' }],
    ['s1', { ...chunk('pkg/parse.py', 'code'), id: 's1', startLine: 1, endLine: 5 }],
    ['s2', { ...chunk('pkg/parse.py', 'code'), id: 's2', startLine: 20, endLine: 25 }],
  ]);
  const deps = {
    keywordSearch: () => [
      { id: 't1', score: 10, path: 'pkg/tests/test_parse.py' },
      { id: 's1', score: 8, path: 'pkg/parse.py' },
      { id: 's2', score: 7, path: 'pkg/parse.py' },
    ],
    getChunks: async (ids: string[]) => ids.map((id) => chunks.get(id)).filter((c): c is Chunk => c !== undefined),
  };
  const report = 'parse() drops the last field\n```python\n>>> parse("a,b")\n```\nExpected both fields.';
  const located = await retrieve(report, deps, { mode: 'keyword', k: 3 });
  assert.equal(located[0].path, 'pkg/parse.py');
  const plain = await retrieve('how are fields parsed', deps, { mode: 'keyword', k: 3 });
  assert.equal(plain[0].path, 'pkg/tests/test_parse.py');
  // Both rules off: the report ranks like the plain question.
  const off = await retrieve(report, deps, { mode: 'keyword', k: 3, reportDemotion: 1, fileSupport: 0 });
  assert.equal(off[0].path, 'pkg/tests/test_parse.py');
});
