import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chunkFile, DEFAULT_MAX_TOKENS, embeddingText, estimateTokens, MAX_TOKENS_CAP } from '../../src/indexer/chunking';
import type { Chunk } from '../../src/indexer/types';
import { assertCoverage } from './chunkInvariant';

const FIXTURES = join(__dirname, '..', 'fixtures', 'polyglot');
const fixtureFiles = (): string[] => [
  ...readdirSync(join(FIXTURES, 'src')).map((f) => `src/${f}`),
  ...readdirSync(FIXTURES).filter((f) => f.includes('.')),
];
const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');

async function chunksOf(rel: string, opts?: { maxTokens?: number; minTokens?: number }): Promise<Chunk[]> {
  const chunks = await chunkFile(rel, read(rel), opts);
  assertCoverage(rel, read(rel), chunks);
  return chunks;
}

function find(chunks: Chunk[], symbol: string): Chunk {
  const hit = chunks.find((c) => c.symbol === symbol);
  assert.ok(hit, `no chunk "${symbol}" in:\n${chunks.map((c) => `${c.startLine}-${c.endLine} ${c.symbol}`).join('\n')}`);
  return hit;
}

// A budget small enough that the fixtures' classes split into their members.
const SMALL = { maxTokens: 100, minTokens: 20 };

describe('chunkFile on the polyglot fixture', () => {
  const expected: { file: string; symbol: string; lines: [number, number]; language: string; opts?: typeof SMALL }[] = [
    { file: 'src/indexer.ts', symbol: 'class Indexer > method update', lines: [27, 45], language: 'typescript', opts: { maxTokens: 250, minTokens: 20 } },
    { file: 'src/indexer.ts', symbol: 'namespace Internal', lines: [65, 71], language: 'typescript' },
    { file: 'src/Panel.tsx', symbol: 'function Panel', lines: [10, 24], language: 'tsx', opts: { maxTokens: 200, minTokens: 20 } },
    { file: 'src/server.js', symbol: 'class Server > method handle', lines: [16, 24], language: 'javascript' },
    { file: 'src/store.py', symbol: 'class Store > method save', lines: [26, 30], language: 'python' },
    { file: 'src/store.py', symbol: 'class Store > method load', lines: [32, 38], language: 'python' },
    { file: 'src/store.go', symbol: 'method (*Store).Get', lines: [23, 32], language: 'go' },
    { file: 'src/store.rs', symbol: 'impl Store > fn save', lines: [30, 35], language: 'rust' },
    { file: 'src/store.rs', symbol: 'mod tests', lines: [49, 58], language: 'rust' },
    { file: 'src/Library.java', symbol: 'class Library > method addBook', lines: [14, 23], language: 'java' },
    { file: 'src/list.c', symbol: 'function push', lines: [13, 22], language: 'c' },
    { file: 'src/shapes.cpp', symbol: 'namespace geo > function totalArea', lines: [29, 37], language: 'cpp' },
    { file: 'src/Inventory.cs', symbol: 'namespace Shop.Inventory > class Warehouse > method Receive', lines: [22, 29], language: 'csharp' },
    { file: 'src/Inventory.cs', symbol: 'namespace Shop.Inventory > enum Unit', lines: [34, 35], language: 'csharp' },
    { file: 'src/queue.rb', symbol: 'module Jobs > class Queue > method self.from_json', lines: [21, 27], language: 'ruby' },
    { file: 'src/Cart.php', symbol: 'class Cart > method price', lines: [24, 32], language: 'php' },
    { file: 'src/Tasks.kt', symbol: 'class TaskList > method complete', lines: [18, 23], language: 'kotlin' },
    { file: 'src/Timer.swift', symbol: 'class Stopwatch > method lap', lines: [22, 28], language: 'swift' },
    { file: 'src/deploy.sh', symbol: 'function upload', lines: [17, 24], language: 'bash' },
    { file: 'src/config.lua', symbol: 'function M.setup', lines: [15, 18], language: 'lua' },
    { file: 'src/Graph.scala', symbol: 'class Graph > method bfs', lines: [20, 31], language: 'scala' },
  ];
  for (const e of expected) {
    it(`${e.file}: "${e.symbol}" at lines ${e.lines.join('-')}`, async () => {
      const chunk = find(await chunksOf(e.file, e.opts ?? SMALL), e.symbol);
      assert.deepEqual([chunk.startLine, chunk.endLine], e.lines);
      assert.equal(chunk.language, e.language);
      assert.equal(chunk.kind, 'code');
    });
  }

  it('covers every non-blank line exactly once in every fixture file, at several budgets', async () => {
    for (const file of fixtureFiles()) {
      for (const opts of [undefined, SMALL, { maxTokens: 16, minTokens: 0 }]) {
        const chunks = await chunksOf(file, opts);
        assert.ok(chunks.length > 0, file);
      }
    }
  });

  it('names definitions in every code language', async () => {
    const code = fixtureFiles().filter((f) => f.startsWith('src/') && !f.endsWith('.h'));
    assert.equal(new Set(code.map((f) => f.split('.').pop())).size, 17);
    for (const file of code) {
      const chunks = await chunksOf(file, SMALL);
      assert.ok(chunks.filter((c) => c.symbol).length >= 2, `${file}: ${chunks.map((c) => c.symbol).join(' | ')}`);
    }
  });

  it('keeps a doc comment and decorators with their definition', async () => {
    const rs = await chunksOf('src/store.rs', SMALL);
    // `/// One stored value.` and `#[derive(...)]` sit above `pub struct Entry` (line 6).
    assert.equal(rs.find((c) => c.symbol?.includes('struct Entry'))?.startLine, 4);
    const py = await chunksOf('src/store.py', { maxTokens: 100, minTokens: 0 });
    assert.equal(find(py, 'class Entry').startLine, 9); // the @dataclass line
  });

  it('keeps a class whole when it fits the budget', async () => {
    const chunk = find(await chunksOf('src/Library.java'), 'class Library');
    assert.deepEqual([chunk.startLine, chunk.endLine], [6, 38]);
  });
});

describe('chunk sizes', () => {
  it('merges small neighbouring definitions and lists their names', async () => {
    const text = Array.from({ length: 10 }, (_, i) => `function f${i}(x: number): number {\n  return x + ${i};\n}\n`).join('\n');
    const chunks = await chunkFile('small.ts', text);
    assertCoverage('small.ts', text, chunks);
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0].symbol, 'function f0, function f1, function f2, function f3, … (+6)');
    const apart = await chunkFile('small.ts', text, { minTokens: 0 });
    assert.equal(apart.length, 10);
    assert.equal(apart[3].symbol, 'function f3');
  });

  it('splits a 3000-line function into windows within the token cap, each keeping the symbol', async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `  total += compute(${i}, values[${i % 17}]) * weight;`).join('\n');
    const text = `import { compute } from './compute';\n\nexport function huge(values: number[], weight: number): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    for (const maxTokens of [undefined, 200]) {
      const chunks = await chunkFile('huge.ts', text, { maxTokens });
      assertCoverage('huge.ts', text, chunks);
      const parts = chunks.filter((c) => c.symbol?.startsWith('function huge (part '));
      assert.ok(parts.length > 10, `${parts.length} parts`);
      assert.match(parts[1].symbol ?? '', new RegExp(`^function huge \\(part 2/${parts.length}\\)$`));
      for (const c of chunks) {
        assert.ok(estimateTokens(c.text) <= (maxTokens ?? DEFAULT_MAX_TOKENS), `${c.startLine}-${c.endLine}: ${estimateTokens(c.text)}`);
        assert.ok(estimateTokens(embeddingText(c)) < MAX_TOKENS_CAP + 100);
      }
    }
  });

  it('caps maxTokens so a chunk always fits the embedding model', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `x${i} = ${i}`).join('\n');
    const chunks = await chunkFile('big.py', text, { maxTokens: 100_000 });
    assertCoverage('big.py', text, chunks);
    assert.ok(chunks.length > 1);
    for (const c of chunks) assert.ok(estimateTokens(c.text) <= MAX_TOKENS_CAP);
  });

  it('keeps a single over-long line whole but cuts it from the embedding text', async () => {
    const text = `const data = "${'x'.repeat(20_000)}";\nexport function f() {\n  return data;\n}\n`;
    const chunks = await chunkFile('long.ts', text);
    assertCoverage('long.ts', text, chunks);
    assert.ok(chunks.some((c) => c.text.length > 20_000));
    for (const c of chunks) assert.ok(embeddingText(c).length < 3500);
  });
});

describe('robustness', () => {
  it('still chunks files with syntax errors, keeping the definitions it can see', async () => {
    const ts = 'export class Broken {\n  method( {\n    return ]];\n}\n\nexport function fine(a: number) {\n  return a * 2;\n}\n';
    const chunks = await chunkFile('broken.ts', ts, { minTokens: 0 });
    assertCoverage('broken.ts', ts, chunks);
    assert.ok(chunks.some((c) => c.symbol?.includes('function fine')), chunks.map((c) => c.symbol).join(' | '));
    const py = 'def ok():\n    return 1\n\n  def bad(:\n return ((\n\nclass C:\n    pass\n';
    assertCoverage('bad.py', py, await chunkFile('bad.py', py));
  });

  it('copes with very deep syntax trees (a 20000-term string concatenation)', async () => {
    const text = `const s = ${Array.from({ length: 20000 }, (_, i) => `"p${i}"`).join(' +\n  ')};\nexport function after() {\n  return s;\n}\n`;
    const chunks = await chunkFile('deep.ts', text);
    assertCoverage('deep.ts', text, chunks);
    assert.equal(chunks.at(-1)?.symbol, 'function after');
  });

  it('never throws on binary-looking, empty or odd input', async () => {
    const odd = ['', '\n\n\n', '\u0000\u0001\u0002\uFFFD'.repeat(300), '\uFEFFline one\r\nline two\rline three\r\n', 'x'];
    for (const [i, text] of odd.entries()) {
      for (const path of ['a.ts', 'a.md', 'a.txt', 'a.rs', 'Makefile', 'a.unknown']) {
        const chunks = await chunkFile(path, text);
        assertCoverage(path, text, chunks);
        assert.equal(chunks.length === 0, text.trim() === '' || (i === 2 && false), `${path} #${i}`);
      }
    }
  });

  it('normalises CRLF so chunk text and hashes do not depend on line endings', async () => {
    const lf = read('src/store.go');
    const [a, b] = await Promise.all([chunkFile('s.go', lf), chunkFile('s.go', lf.replace(/\n/g, '\r\n'))]);
    assert.deepEqual(b, a);
  });

  it('stops when the signal is aborted', async () => {
    await assert.rejects(chunkFile('a.ts', 'const a = 1;', { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });
});

describe('embeddingText', () => {
  it('puts path and symbol above the text, deterministically and without line numbers', async () => {
    const chunks = await chunksOf('src/store.rs', SMALL);
    const c = find(chunks, 'impl Store > fn save');
    const text = embeddingText(c);
    assert.equal(text, `File: src/store.rs\nSymbol: impl Store > fn save\n\n${c.text}`);
    const moved = { ...c, startLine: c.startLine + 5, endLine: c.endLine + 5, id: 'other' };
    assert.equal(embeddingText(moved), text);
    const plain = (await chunkFile('NOTES.txt', read('NOTES.txt')))[0];
    assert.equal(embeddingText(plain), `File: NOTES.txt\n\n${plain.text}`);
  });
});
