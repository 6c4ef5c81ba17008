// Documents through the whole engine: FolderIndex indexes the sample documents (extraction in the
// worker thread, real shards) and a question retrieves the chunk that holds the fact, with its
// page / cell / heading; broken and locked documents are reported as skipped with their reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOllamaSim } from '../support/ollamaSim';
import { FACTS, makeDocumentFolder } from '../support/documentFolder';
import { OllamaClient } from '../../src/ollama';
import { Embedder } from '../../src/indexer/embedder';
import { FolderIndex } from '../../src/indexer/folderIndex';
import type { UpdateReport } from '../../src/indexer/update';

let sim: Awaited<ReturnType<typeof startOllamaSim>>;
let folder: string;
let indexDir: string;
let index: FolderIndex;
let report: UpdateReport;

before(async () => {
  sim = await startOllamaSim({ port: 0, embedder: 'hash' });
  folder = makeDocumentFolder();
  indexDir = mkdtempSync(join(tmpdir(), 'lore-docs-index-'));
  const client = new OllamaClient({ host: sim.url, requestTimeoutMs: 5000 });
  index = await FolderIndex.open({ folder, indexDir, model: 'nomic-embed-text', embedder: new Embedder(client, { model: 'nomic-embed-text', maxRetries: 0 }) });
  report = await index.update();
});
after(async () => {
  await index.close();
  await sim.close();
  rmSync(folder, { recursive: true, force: true });
  rmSync(indexDir, { recursive: true, force: true });
});

test('documents are indexed; the corrupt and the locked PDF are skipped with their reasons', () => {
  assert.equal(report.filesIndexed, 5);
  assert.equal(report.vectors, true);
  assert.deepEqual(report.skipped, { 'extract-failed': 1, encrypted: 1 });
});

test('a question about a PDF-only fact retrieves its page', async () => {
  const { hits, mode } = await index.search({ query: 'When does the janitor visit the quokka shards?', k: 3 });
  assert.equal(mode, 'hybrid');
  assert.equal(hits[0].path, 'spec.pdf');
  assert.equal(hits[0].page, 2);
  assert.equal(hits[0].symbol, 'Page 2');
  assert.ok(hits[0].text.includes(FACTS.pdf));
});

test('DOCX, HTML and notebook facts come back with heading and cell', async () => {
  const docx = (await index.search({ query: 'When do backups of the wombat ledger run?', k: 3 })).hits[0];
  assert.equal(docx.path, 'design.docx');
  assert.match(docx.symbol ?? '', /Operations/);
  assert.ok(docx.text.includes(FACTS.docx));
  const html = (await index.search({ query: 'platypus migration season', k: 3 })).hits[0];
  assert.equal(html.path, 'wiki.html');
  assert.equal(html.symbol, 'Field notes');
  assert.ok(!html.text.includes('Home | About'));
  const nb = (await index.search({ query: 'read the penguin census csv', k: 3 })).hits[0];
  assert.equal(nb.path, 'census.ipynb');
  assert.equal(nb.cell, 2);
  assert.equal(nb.kind, 'code');
});

test('scope docs keeps documents, scope code keeps code (notebook code cells included)', async () => {
  const docs = await index.search({ query: 'compact shards minutes', k: 10, scope: 'docs' });
  assert.ok(docs.hits.length > 0);
  assert.ok(docs.hits.every((h) => h.kind !== 'code'));
  assert.ok(docs.hits.some((h) => h.path === 'spec.pdf'));
  const code = await index.search({ query: 'compact shards minutes', k: 10, scope: 'code' });
  assert.ok(code.hits.length > 0);
  assert.ok(code.hits.every((h) => h.kind === 'code'));
  assert.deepEqual([...new Set(code.hits.map((h) => h.path))].sort(), ['census.ipynb', 'compact.ts']);
});

test('page and cell survive closing and reopening the index', async () => {
  await index.close();
  const client = new OllamaClient({ host: sim.url, requestTimeoutMs: 5000 });
  index = await FolderIndex.open({ folder, indexDir, model: 'nomic-embed-text', embedder: new Embedder(client, { model: 'nomic-embed-text', maxRetries: 0 }) });
  const again = await index.update();
  assert.equal(again.filesIndexed, 0, 'unchanged documents are not extracted again');
  const hit = (await index.search({ query: 'janitor quokka shards', k: 1, mode: 'keyword' })).hits[0];
  assert.equal(hit.page, 2);
});
