// discover()'s `known` hint: a file the index recorded with the same size and mtime is listed from a
// stat without being opened; anything else is sniffed as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover } from '../../src/indexer/discovery';

const TEXT = 'export function retryWithBackoff(attempts: number) {\n  return attempts * 2;\n}\n';

/** Same byte length as TEXT, but binary (NUL bytes): the content sniff skips it. */
const binaryOfSameSize = (): Buffer => Buffer.alloc(Buffer.byteLength(TEXT), 0);

function withFolder(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lore-known-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('a known file with the same size and mtime is listed without reading it', withFolder(async (dir) => {
  const file = join(dir, 'retry.ts');
  writeFileSync(file, TEXT);
  const before = statSync(file);
  // Content replaced behind the indexer's back, mtime put back: only a stat cannot tell.
  writeFileSync(file, binaryOfSameSize());
  utimesSync(file, before.atime, before.mtime);
  const recorded = { size: before.size, mtimeMs: statSync(file).mtimeMs };

  const sniffed = await discover(dir, {});
  assert.deepEqual(sniffed.skipped.map((s) => [s.path, s.reason]), [['retry.ts', 'binary']]);

  const hinted = await discover(dir, {}, (rel) => (rel === 'retry.ts' ? recorded : undefined));
  assert.deepEqual(hinted.files.map((f) => [f.path, f.size, f.mtimeMs]), [['retry.ts', recorded.size, recorded.mtimeMs]]);
  assert.deepEqual(hinted.skipped, []);
}));

test('a known file whose mtime or size changed is sniffed again', withFolder(async (dir) => {
  const file = join(dir, 'retry.ts');
  writeFileSync(file, binaryOfSameSize());
  const info = statSync(file);
  const result = await discover(dir, {}, () => ({ size: info.size, mtimeMs: info.mtimeMs - 1000 }));
  assert.deepEqual(result.skipped.map((s) => [s.path, s.reason]), [['retry.ts', 'binary']]);
  const resized = await discover(dir, {}, () => ({ size: info.size + 1, mtimeMs: info.mtimeMs }));
  assert.deepEqual(resized.skipped.map((s) => [s.path, s.reason]), [['retry.ts', 'binary']]);
}));

test('path rules still apply to known files', withFolder(async (dir) => {
  writeFileSync(join(dir, '.env'), 'API_KEY=abc\n');
  writeFileSync(join(dir, 'keep.ts'), TEXT);
  writeFileSync(join(dir, 'drop.ts'), TEXT);
  const stat = (name: string) => {
    const s = statSync(join(dir, name));
    return { size: s.size, mtimeMs: s.mtimeMs };
  };
  const result = await discover(dir, { exclude: ['drop.ts'] }, stat);
  assert.deepEqual(result.files.map((f) => f.path), ['keep.ts']);
  assert.deepEqual(result.skipped.map((s) => [s.path, s.reason]), [['.env', 'secret'], ['drop.ts', 'user-exclude']]);
}));

test('a known file over the size limit is skipped as too large', withFolder(async (dir) => {
  writeFileSync(join(dir, 'big.ts'), TEXT.repeat(10));
  const s = statSync(join(dir, 'big.ts'));
  const result = await discover(dir, { maxFileSize: 100 }, () => ({ size: s.size, mtimeMs: s.mtimeMs }));
  assert.deepEqual(result.skipped.map((x) => [x.path, x.reason]), [['big.ts', 'too-large']]);
}));
