import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chunkFile, grammarStats, languageForPath, setGrammarDir, supportedGrammars } from '../../src/indexer/chunking';
import { assertCoverage } from './chunkInvariant';

describe('languageForPath', () => {
  it('maps code extensions to their grammar', () => {
    const cases: [string, string, string][] = [
      ['a.ts', 'typescript', 'typescript'], ['a.mts', 'typescript', 'typescript'], ['a.cts', 'typescript', 'typescript'],
      ['a.tsx', 'tsx', 'tsx'], ['a.js', 'javascript', 'javascript'], ['a.mjs', 'javascript', 'javascript'],
      ['a.cjs', 'javascript', 'javascript'], ['a.jsx', 'javascript', 'javascript'], ['a.py', 'python', 'python'],
      ['a.go', 'go', 'go'], ['a.rs', 'rust', 'rust'], ['A.java', 'java', 'java'], ['a.c', 'c', 'c'], ['a.h', 'c', 'c'],
      ['a.cc', 'cpp', 'cpp'], ['a.cpp', 'cpp', 'cpp'], ['a.cxx', 'cpp', 'cpp'], ['a.hpp', 'cpp', 'cpp'], ['a.hh', 'cpp', 'cpp'],
      ['a.cs', 'csharp', 'c_sharp'], ['a.rb', 'ruby', 'ruby'], ['a.php', 'php', 'php'], ['a.kt', 'kotlin', 'kotlin'],
      ['a.kts', 'kotlin', 'kotlin'], ['a.swift', 'swift', 'swift'], ['a.sh', 'bash', 'bash'], ['a.bash', 'bash', 'bash'],
      ['a.lua', 'lua', 'lua'], ['a.scala', 'scala', 'scala'], ['deep/dir/Gemfile', 'ruby', 'ruby'],
    ];
    for (const [path, id, grammar] of cases) assert.deepEqual(languageForPath(path), { id, kind: 'code', grammar }, path);
  });

  it('maps documents and text-ish files without a grammar', () => {
    const cases: [string, string, string][] = [
      ['README.md', 'markdown', 'doc'], ['a.mdx', 'markdown', 'doc'], ['a.markdown', 'markdown', 'doc'],
      ['a.txt', 'text', 'doc'], ['a.rst', 'restructuredtext', 'doc'], ['a.adoc', 'asciidoc', 'doc'],
      ['a.json', 'json', 'text'], ['a.yaml', 'yaml', 'text'], ['a.yml', 'yaml', 'text'], ['a.toml', 'toml', 'text'],
      ['a.ini', 'ini', 'text'], ['a.xml', 'xml', 'text'], ['a.html', 'html', 'text'], ['a.css', 'css', 'text'],
      ['a.sql', 'sql', 'text'], ['Dockerfile', 'dockerfile', 'text'], ['docker/Dockerfile.dev', 'dockerfile', 'text'],
      ['Makefile', 'makefile', 'text'], ['.gitignore', 'ignore', 'text'], ['sub\\.dockerignore', 'ignore', 'text'],
      ['CMakeLists.txt', 'cmake', 'text'], ['LICENSE', 'text', 'doc'],
    ];
    for (const [path, id, kind] of cases) assert.deepEqual(languageForPath(path), { id, kind }, path);
  });

  it('returns undefined for unknown files', () => {
    for (const path of ['a.png', 'a.exe', 'noext', '.hidden', 'a.lock', 'dir.ts/file']) assert.equal(languageForPath(path), undefined, path);
  });

  it('needs exactly the grammars esbuild.mjs ships', () => {
    const build = readFileSync(join(__dirname, '..', '..', 'esbuild.mjs'), 'utf8');
    const list = /export const GRAMMARS = \[([^\]]*)\]/.exec(build)?.[1] ?? '';
    const shipped = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
    assert.equal(shipped.length, 17);
    assert.deepEqual(supportedGrammars(), shipped);
  });
});

describe('grammar loading', () => {
  const lua = 'local M = {}\n\nfunction M.setup(opts)\n  M.options = opts\n  return M.options\nend\n\nreturn M\n';

  it('loads the runtime and each grammar once, even for concurrent callers', async () => {
    const before = grammarStats();
    assert.equal(before.grammarLoads.lua, undefined);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => chunkFile(`m${i}.lua`, lua, { minTokens: 0 })));
    for (const chunks of results) assert.ok(chunks.some((c) => c.symbol === 'function M.setup'));
    await chunkFile('again.lua', lua);
    const after = grammarStats();
    assert.equal(after.grammarLoads.lua, 1);
    assert.equal(after.runtimeInits, 1);
  });

  it('falls back to text chunks when a grammar cannot be loaded, and retries later', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lore-grammars-'));
    const kotlin = 'class A {\n  fun a() = 1\n}\n\nfun main() {\n  println(A().a())\n}\n';
    try {
      setGrammarDir(empty);
      const chunks = await chunkFile('Main.kt', kotlin, { minTokens: 0 });
      assertCoverage('Main.kt', kotlin, chunks);
      assert.ok(chunks.length > 0 && chunks.every((c) => c.symbol === undefined && c.kind === 'code' && c.language === 'kotlin'));
    } finally {
      setGrammarDir(undefined);
      rmSync(empty, { recursive: true, force: true });
    }
    const chunks = await chunkFile('Main.kt', kotlin, { minTokens: 0 });
    assert.deepEqual(chunks.map((c) => c.symbol), ['class A', 'function main']);
    assert.equal(grammarStats().grammarLoads.kotlin, 2);
  });
});
