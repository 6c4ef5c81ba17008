// `lore export`: JSONL records whose references resolve against the files on disk (documents are
// re-extracted and the lines compared), question/answer pairs from the chat model (ollama-sim),
// the reply parser, and the chat's scope prefixes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOllamaSim } from '../support/ollamaSim';
import { FACTS, makeDocumentFolder } from '../support/documentFolder';
import { OllamaClient } from '../../src/ollama';
import { Embedder } from '../../src/indexer/embedder';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { readSource } from '../../src/indexer/extract';
import { exportDataset, type ChunkRecord, type QaRecord } from '../../src/cli/export';
import { parseQa, sampleForQa } from '../../src/cli/exportQa';
import { parseScopePrefix } from '../../src/chat/scopePrefix';

let sim: Awaited<ReturnType<typeof startOllamaSim>>;
let folder: string;
let indexDir: string;
let index: FolderIndex;
let client: OllamaClient;

before(async () => {
  sim = await startOllamaSim({ port: 0, embedder: 'hash' });
  folder = makeDocumentFolder('lore-export-');
  writeFileSync(join(folder, '.env'), 'API_KEY=do-not-export\n');
  indexDir = mkdtempSync(join(tmpdir(), 'lore-export-index-'));
  client = new OllamaClient({ host: sim.url, requestTimeoutMs: 5000 });
  index = await FolderIndex.open({ folder, indexDir, model: 'nomic-embed-text', embedder: new Embedder(client, { model: 'nomic-embed-text', maxRetries: 0 }) });
  await index.update();
});
after(async () => {
  await index.close();
  await sim.close();
  rmSync(folder, { recursive: true, force: true });
  rmSync(indexDir, { recursive: true, force: true });
});

async function runExport(qa: number): Promise<{ lines: string[]; report: Awaited<ReturnType<typeof exportDataset>> }> {
  const lines: string[] = [];
  const report = await exportDataset(
    { chunks: () => index.allChunks(), chat: (messages, signal) => client.chat({ model: 'deepseek-r1:1.5b', messages, think: false }, signal) },
    { write: async (l) => void lines.push(l), qa },
  );
  return { lines, report };
}

test('every chunk is one valid JSON line whose reference resolves to the file', async () => {
  const { lines, report } = await runExport(0);
  assert.ok(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')));
  const records = lines.map((l) => JSON.parse(l) as ChunkRecord);
  assert.equal(records.length, report.chunks);
  assert.ok(records.every((r) => r.type === 'chunk'));
  const paths = new Set(records.map((r) => r.path));
  assert.deepEqual([...paths].sort(), ['census.ipynb', 'compact.ts', 'design.docx', 'spec.pdf', 'wiki.html']);
  for (const r of records) {
    const abs = join(folder, r.path);
    assert.ok(existsSync(abs), r.path);
    const read = await readSource(abs, r.path);
    assert.ok(read.ok);
    const fileLines = read.text.replace(/\r\n?/g, '\n').split('\n');
    assert.ok(r.startLine >= 1 && r.endLine >= r.startLine && r.endLine <= fileLines.length, `${r.path}:${r.startLine}-${r.endLine}`);
    assert.equal(fileLines.slice(r.startLine - 1, r.endLine).join('\n'), r.text, `${r.path}:${r.startLine}-${r.endLine}`);
    if (r.page !== undefined) {
      const pages = read.document?.sections.map((s) => s.page) ?? [];
      assert.ok(pages.includes(r.page), `page ${r.page} of ${r.path}`);
      const section = read.document?.sections.find((s) => s.page === r.page);
      assert.ok(section?.text.includes(r.text.split('\n')[0]));
    }
  }
  const fact = records.find((r) => r.text.includes(FACTS.pdf));
  assert.equal(fact?.page, 2);
  assert.equal(records.find((r) => r.text.includes('penguin_census'))?.cell, 2);
});

test('skipped and secret files are never exported', async () => {
  const { lines } = await runExport(0);
  const all = lines.join('');
  for (const p of ['broken.pdf', 'locked.pdf', '.env', 'do-not-export']) assert.ok(!all.includes(p), p);
});

test('--qa N writes N grounded pairs that keep their source reference', async () => {
  const { lines, report } = await runExport(3);
  const qa = lines.map((l) => JSON.parse(l) as ChunkRecord | QaRecord).filter((r): r is QaRecord => r.type === 'qa');
  assert.equal(report.pairs, 3);
  assert.equal(qa.length, 3);
  const chunks = new Map(lines.map((l) => JSON.parse(l) as ChunkRecord | QaRecord).filter((r): r is ChunkRecord => r.type === 'chunk').map((c) => [c.id, c]));
  for (const pair of qa) {
    assert.match(pair.question, /\?$/);
    const source = chunks.get(pair.source.id);
    assert.ok(source, 'the pair points at an exported chunk');
    assert.equal(pair.source.path, source.path);
    assert.equal(pair.source.startLine, source.startLine);
    assert.equal(pair.source.page, source.page);
    // Grounded: the sim answers by quoting the passage it was given.
    const firstLine = source.text.split('\n').find((l) => l.trim())?.trim() ?? '';
    assert.ok(pair.answer.includes(firstLine), `${pair.answer} / ${firstLine}`);
  }
  assert.ok(new Set(qa.map((p) => p.source.path)).size >= 2, 'samples are spread over files');
});

test('the CLI writes the same dataset to a file', async () => {
  const out = join(indexDir, 'dataset.jsonl');
  // Asynchronous: the sim answering the CLI runs in this process.
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(__dirname, '../../src/cli.ts'), 'export', folder, '--index-dir', indexDir, '--out', out, '--qa', '1', '--ollama', sim.url], { encoding: 'utf8' });
  assert.equal(stdout, '');
  assert.match(stderr, /exported \d+ chunks and 1 question\/answer pairs to /);
  const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
  assert.equal(records.filter((r) => r.type === 'qa').length, 1);
  assert.ok(records.filter((r) => r.type === 'chunk').length >= 5);
});

test('parseQa reads the pair in the forms small models write, and refuses replies without one', () => {
  assert.deepEqual(parseQa('Q: What is X?\nA: X is Y.'), { question: 'What is X?', answer: 'X is Y.' });
  assert.deepEqual(parseQa('<think>hmm\nQ: fake?\nA: no</think>\n**Question:** Why?\n**Answer:** Because\nit is.'), { question: 'Why?', answer: 'Because\nit is.' });
  assert.deepEqual(parseQa('1. Q) How many?\n   A) Three.\nQ: second?\nA: ignored'), { question: 'How many?', answer: 'Three.' });
  assert.equal(parseQa('The most relevant place is `a.ts` [1].'), undefined);
  assert.equal(parseQa('Q: only a question?'), undefined);
});

test('sampleForQa spreads picks over the sorted pool and prefers substantial chunks', () => {
  const c = (path: string, startLine: number, len: number) => ({ id: `${path}:${startLine}`, path, startLine, text: 'x'.repeat(len) });
  const pool = [c('b.md', 1, 200), c('a.md', 1, 200), c('a.md', 50, 200), c('c.md', 1, 10), c('d.md', 1, 200)];
  assert.deepEqual(sampleForQa(pool, 2), ['a.md:50', 'd.md:1']);
  assert.equal(sampleForQa(pool, 10).length, 5);
  assert.deepEqual(sampleForQa(pool, 0), []);
});

test('chat scope prefixes: @docs, @code, @folder:name', () => {
  assert.deepEqual(parseScopePrefix('@docs how do backups work?'), { question: 'how do backups work?', scope: 'docs' });
  assert.deepEqual(parseScopePrefix('@code @folder:"Team Wiki" where is compact?'), { question: 'where is compact?', scope: 'code', folder: 'Team Wiki' });
  assert.deepEqual(parseScopePrefix('@folder:specs what is the retention?'), { question: 'what is the retention?', folder: 'specs' });
  assert.deepEqual(parseScopePrefix('email me @docs later'), { question: 'email me @docs later' });
  assert.deepEqual(parseScopePrefix('@docsify setup'), { question: '@docsify setup' });
});
