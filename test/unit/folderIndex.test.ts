// The indexing engine end to end: real files in a temp folder, real vectra shards, real HTTP to ollama-sim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, unlinkSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOllamaSim } from '../support/ollamaSim';
import { closedPort } from '../support/ports';
import { OllamaClient } from '../../src/ollama';
import { Embedder } from '../../src/indexer/embedder';
import { FolderIndex } from '../../src/indexer/folderIndex';

type Sim = Awaited<ReturnType<typeof startOllamaSim>>;
let sim: Sim;
const temps: string[] = [];

before(async () => {
  sim = await startOllamaSim({ port: 0, embedder: 'hash' });
});
after(async () => {
  await sim.close();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function workspace(): { folder: string; indexDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'lore-fi-'));
  temps.push(root);
  const folder = join(root, 'ws');
  cpSync(join(__dirname, '../fixtures/polyglot'), folder, { recursive: true });
  return { folder, indexDir: join(root, 'index') };
}

async function open(folder: string, indexDir: string, model = 'nomic-embed-text', host = sim.url): Promise<FolderIndex> {
  const client = new OllamaClient({ host, requestTimeoutMs: 5000 });
  return FolderIndex.open({ folder, indexDir, model, embedder: new Embedder(client, { model, maxRetries: 0 }) });
}

function embeddedSince(mark: number): number {
  return sim.log.slice(mark).reduce((n, e) => n + (e.path === '/api/embed' && e.status === 200 ? e.inputCount ?? 0 : 0), 0);
}

function shardMtimes(indexDir: string): Map<string, number> {
  const dir = join(indexDir, 'vectors');
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/shard/i.test(p) && !/manifest/i.test(e.name)) out.set(p, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return out;
}

test('a second run on an unchanged folder embeds nothing', async () => {
  const { folder, indexDir } = workspace();
  let index = await open(folder, indexDir);
  const first = await index.update();
  await index.close();
  assert.ok(first.filesIndexed >= 10 && first.embedded > 0, `first run indexed ${first.filesIndexed} files`);
  const mark = sim.log.length;
  index = await open(folder, indexDir);
  const second = await index.update();
  await index.close();
  assert.equal(second.filesIndexed, 0);
  assert.equal(embeddedSince(mark) - 1, 0, 'only the dimension probe may reach /api/embed');
});

test('editing one file re-embeds only its changed chunks and rewrites one shard', async () => {
  const { folder, indexDir } = workspace();
  const index = await open(folder, indexDir);
  await index.update();
  const before = shardMtimes(indexDir);
  const file = join(folder, 'src/indexer.ts');
  const chunksBefore = (await index.search({ query: 'zanzibarQuokkaCounter', mode: 'keyword', k: 5 })).hits;
  assert.equal(chunksBefore.length, 0);
  writeFileSync(file, `${'\n'.repeat(2)}export function zanzibarQuokkaCounter(n: number): number {\n  return n * 7;\n}\n`, { flag: 'a' });
  await new Promise((r) => setTimeout(r, 20));
  const mark = sim.log.length;
  const report = await index.update({ paths: [file] });
  assert.equal(report.filesIndexed, 1);
  const embedded = embeddedSince(mark);
  assert.ok(embedded >= 1 && embedded <= 2, `re-embedded ${embedded} texts; only the new/changed chunk(s) should be`);
  const after = shardMtimes(indexDir);
  const rewritten = [...after].filter(([p, m]) => before.get(p) !== m).map(([p]) => p);
  assert.equal(rewritten.length, 1, `rewritten shard files: ${rewritten.join(', ')}`);
  const hits = (await index.search({ query: 'zanzibarQuokkaCounter', mode: 'hybrid', k: 3 })).hits;
  assert.equal(hits[0]?.path, 'src/indexer.ts');
  await index.close();
});

test('deleting a file removes its chunks from both searches', async () => {
  const { folder, indexDir } = workspace();
  const index = await open(folder, indexDir);
  await index.update();
  const target = (await index.search({ query: 'class Indexer update', mode: 'keyword', k: 1 })).hits[0];
  assert.ok(target, 'the fixture has an Indexer class');
  const filesBefore = index.status().files;
  unlinkSync(join(folder, target.path));
  await index.update({ paths: [join(folder, target.path)] });
  for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
    const hits = (await index.search({ query: 'class Indexer update', mode, k: 20 })).hits;
    assert.ok(!hits.some((h) => h.path === target.path), `${mode} still returns ${target.path}`);
  }
  assert.equal(index.status().files, filesBefore - 1);
  await index.close();
});

test('changing the embedding model rebuilds the index with the new dimensions', async () => {
  const { folder, indexDir } = workspace();
  let index = await open(folder, indexDir, 'nomic-embed-text');
  await index.update();
  assert.equal(index.status().dims, 768);
  await index.close();
  index = await open(folder, indexDir, 'all-minilm');
  assert.equal(index.status().chunks, 0, 'vectors of another model are never mixed in');
  const report = await index.update();
  assert.ok(report.embedded > 0);
  assert.equal(index.status().dims, 384);
  assert.equal(index.status().model, 'all-minilm');
  await index.close();
});

test('with Ollama down, indexing and search work keyword-only and say so; vectors follow later', async () => {
  const { folder, indexDir } = workspace();
  let index = await open(folder, indexDir, 'nomic-embed-text', `http://127.0.0.1:${await closedPort()}`);
  assert.match(index.vectorsUnavailable ?? '', /not reachable/);
  const report = await index.update();
  assert.equal(report.vectors, false);
  assert.ok(report.chunks > 0);
  const result = await index.search({ query: 'Indexer update method', mode: 'hybrid', k: 3 });
  assert.equal(result.mode, 'keyword');
  assert.match(result.fallbackReason ?? '', /not reachable/);
  assert.ok(result.hits.length > 0);
  await index.close();
  // Ollama is back: the same files get their vectors without being re-chunked from scratch.
  index = await open(folder, indexDir);
  const later = await index.update();
  assert.ok(later.embedded > 0);
  assert.equal(index.status().withVectors, index.status().chunks);
  assert.equal((await index.search({ query: 'Indexer update method', mode: 'vector', k: 3 })).mode, 'vector');
  await index.close();
});

test('a truncated shard file is detected and its files are re-indexed, not crashed on', async () => {
  const { folder, indexDir } = workspace();
  let index = await open(folder, indexDir);
  await index.update();
  const chunks = index.status().chunks;
  await index.close();
  const shards = [...shardMtimes(indexDir).keys()].filter((p) => statSync(p).size > 64);
  assert.ok(shards.length > 0);
  truncateSync(shards[0], Math.floor(statSync(shards[0]).size / 2));
  index = await open(folder, indexDir);
  await index.search({ query: 'anything', k: 1 }); // loads shards
  const report = await index.update();
  assert.ok(report.filesIndexed >= 1, 'the damaged shard\'s files were indexed again');
  assert.equal(index.status().chunks, chunks);
  await index.close();
});

test('a changed document prefix re-embeds unchanged chunks (the prefix is part of the cache key)', async () => {
  const { folder, indexDir } = workspace();
  const client = new OllamaClient({ host: sim.url, requestTimeoutMs: 5000 });
  const withPrefix = (document: string) =>
    FolderIndex.open({ folder, indexDir, model: 'nomic-embed-text', embedder: new Embedder(client, { model: 'nomic-embed-text', prefixes: { document } }) });
  let index = await withPrefix('search_document: ');
  const first = await index.update();
  await index.close();
  index = await withPrefix('passage: ');
  assert.equal(index.status().chunks, 0, 'vectors made with another prefix are dropped');
  assert.match(index.status().model ?? '', /passage: /);
  const second = await index.update();
  await index.close();
  assert.ok(first.embedded > 0);
  assert.equal(second.embedded, first.embedded, 'every chunk is embedded again with the new prefix');
});

test('a small change leaves keyword.bin as it is; the next open catches up from the store without a rebuild', async () => {
  const { folder, indexDir } = workspace();
  // Padding files make the segment big enough for the small-change rule (1/20) at a tiny threshold.
  for (let i = 0; i < 30; i++) writeFileSync(join(folder, `src/pad${i}.ts`), `export function padding${i}(x: number): number {\n  return x + ${i};\n}\n`);
  const logs: string[] = [];
  const client = new OllamaClient({ host: sim.url, requestTimeoutMs: 5000 });
  const openLazy = (lazyFrom: number) =>
    FolderIndex.open({ folder, indexDir, model: 'nomic-embed-text', embedder: new Embedder(client, { model: 'nomic-embed-text', maxRetries: 0 }), log: (m) => logs.push(m), keywordLazySaveFrom: lazyFrom });
  const file = join(indexDir, 'keyword', 'keyword.bin');
  const stamp = () => { const s = statSync(file); return `${s.ino}:${s.size}:${s.mtimeMs}`; };
  let index = await openLazy(10);
  await index.update();
  await index.close();
  const saved = stamp();
  const edited = join(folder, 'src/pad3.ts');
  writeFileSync(edited, 'export function quokkaLedgerTotal(x: number): number {\n  return x * 3;\n}\n');
  index = await openLazy(10);
  await index.update({ paths: [edited] });
  await index.close();
  assert.equal(stamp(), saved, 'keyword.bin was rewritten for a one-file change');
  logs.length = 0;
  index = await openLazy(10);
  assert.ok(!logs.some((l) => /Keyword index rebuilt/.test(l)), `rebuilt instead of catching up: ${logs.join('; ')}`);
  const paths = async (q: string) => (await index.search({ query: q, mode: 'keyword', k: 5 })).hits.map((h) => h.path);
  assert.equal((await paths('quokkaLedgerTotal'))[0], 'src/pad3.ts', 'the new text of the edited file is not found first');
  const stale = (await index.search({ query: 'padding3', mode: 'keyword', k: 5 })).hits.filter((h) => h.text.includes('padding3'));
  assert.deepEqual(stale, [], 'the old text of the edited file is still found');
  assert.ok((await paths('padding4')).includes('src/pad4.ts'));
  await index.close();
  // The default threshold (20k chunks) saves a small index every time.
  index = await openLazy(20_000);
  writeFileSync(edited, 'export function quokkaLedgerTotal(x: number): number {\n  return x * 4;\n}\n');
  await index.update({ paths: [edited] });
  await index.close();
  assert.notEqual(stamp(), saved, 'a small index is saved whole');
});
