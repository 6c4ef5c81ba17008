import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modulePathStems, stemMatchesPath } from '../../src/indexer/query/modulePaths';
import { boostFactor, maxBoostFactor, type BoostContext } from '../../src/indexer/search/boosts';
import type { Chunk } from '../../src/indexer/types';

test('modulePathStems: dotted module paths in imports, prose and Rust paths; not attributes of self or file names', () => {
  const stems = modulePathStems('from pkg.printing.latex import latex\nSee pkg.core.basic.Basic.subs; crate::net::http too. self.value.x, setup.py, e.g. this');
  assert.deepEqual(stems, ['pkg/printing/latex', 'pkg/printing', 'pkg/core/basic/Basic/subs', 'pkg/core/basic/Basic', 'pkg/core/basic', 'pkg/core', 'crate/net/http', 'crate/net']);
  assert.deepEqual(modulePathStems('no dotted names here, version 1.2.3'), []);
});

test('stemMatchesPath: the module file or its package file, at a segment boundary', () => {
  assert.equal(stemMatchesPath('pkg/printing/latex', 'pkg/printing/latex.py'), true);
  assert.equal(stemMatchesPath('pkg/printing/latex', 'src/pkg/printing/latex.py'), true);
  assert.equal(stemMatchesPath('pkg/parsing/latex', 'pkg/parsing/latex/__init__.py'), true);
  assert.equal(stemMatchesPath('pkg/printing/latex', 'pkg/printing/latex/_parse.py'), false);
  assert.equal(stemMatchesPath('printing/latex', 'pkg/reprinting/latex.py'), false);
  assert.equal(stemMatchesPath('pkg/printing', 'pkg/printing/str.py'), false);
});

test('module boost: chunks of a named module are lifted and the selection bound covers it', () => {
  const ctx: BoostContext = { pathHints: [], identifiers: new Set(), moduleStems: ['pkg/printing/latex'], moduleBoost: 1.2 };
  const chunk = (path: string): Chunk => ({ id: path, path, kind: 'code', language: 'python', startLine: 1, endLine: 3, text: 'x', hash: path });
  assert.equal(boostFactor(chunk('pkg/printing/latex.py'), ctx), 1.2);
  assert.equal(boostFactor(chunk('pkg/printing/str.py'), ctx), 1);
  assert.ok(maxBoostFactor(ctx) >= 1.2);
});
