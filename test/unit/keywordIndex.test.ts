import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { KEYWORD_FILE, KeywordIndex, NO_GENERATION, queryTerms, readSavedKeywordIndex, type ChunkFilter, type KeywordHit } from '../../src/indexer/keyword';
import { KEYWORD_OPTIONS, type ChunkMeta, type KeywordDoc } from '../../src/indexer/keyword/options';
import type { Chunk, ChunkKind } from '../../src/indexer/types';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lore-kw-'));
  dirs.push(d);
  return d;
}

function chunk(path: string, text: string, symbol?: string, kind: ChunkKind = 'code', startLine = 1): Chunk {
  const hash = createHash('sha256').update(text).digest('hex');
  const endLine = startLine + text.split('\n').length - 1;
  const id = createHash('sha256').update(`${path}:${startLine}:${endLine}:${hash}`).digest('hex').slice(0, 32);
  return { id, path, language: kind === 'code' ? 'typescript' : 'markdown', kind, startLine, endLine, symbol, text, hash };
}

const defining = chunk(
  'src/net/http.ts',
  'export function parseHttpResponse(raw: string): Reply {\n  const [head, body] = raw.split("\\r\\n\\r\\n");\n  return { head, body };\n}',
  'function parseHttpResponse',
);
// Each distractor repeats the identifier's parts more often than the defining chunk does.
const distractors = [
  chunk('docs/http.md', 'To parse an HTTP response, parse the status line first. The response parse step and the HTTP parse step differ.', 'HTTP > Parsing', 'doc'),
  chunk('src/net/request.ts', 'export function parseHttpRequest(raw: string) {\n  // parse http request, not the response\n  return parse(raw);\n}', 'function parseHttpRequest'),
  chunk('src/net/reply.ts', 'export class HttpResponse {\n  response: string;\n  parse() { return this.response; }\n}', 'class HttpResponse'),
  chunk('src/net/handler.ts', 'const response = await fetch(url);\nconst parsed = parseJson(response);\nlog("http", response);', 'function handle'),
];
const cache = chunk(
  'src/indexer/vectors.ts',
  'export class EmbeddingCache {\n  private map = new Map<string, Float32Array>();\n  get(key: string) { return this.map.get(key); }\n}',
  'class EmbeddingCache',
);
const others = [
  chunk('src/indexer/store.ts', 'export class Store {\n  open(dir: string) { /* shards */ }\n}', 'class Store'),
  chunk('README.md', 'Lore indexes your workspace and answers questions about it.', 'Lore', 'doc'),
  chunk('docs/ollama.md', 'Embeddings are computed by Ollama; the model runs locally.', 'Ollama', 'doc'),
];
const all = [defining, ...distractors, cache, ...others];

test('an exact identifier ranks the defining chunk first among distractors', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  const hits = index.search('parseHttpResponse', 5);
  assert.equal(hits[0].id, defining.id);
  assert.ok(hits.length > 1, 'distractors sharing parts should still match, below');
  assert.ok(hits[0].score > hits[1].score);
});

test('stop words alone match nothing', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  assert.deepEqual(index.search('the is a of to', 5), []);
  assert.ok(index.search('the response', 5).length > 0);
});

test('a natural-language question finds the chunk whose symbol matches', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  const hits = index.search('how are embeddings cached?', 3);
  assert.equal(hits[0]?.id, cache.id);
});

test('path words are searchable', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  assert.equal(index.search('store', 1)[0]?.id, others[0].id);
});

test('filter restricts by kind, path or language', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  const docs = index.search('parse http response', 10, (c) => c.kind === 'doc');
  assert.deepEqual(docs.map((h) => h.id), [distractors[0].id]);
  const inNet = index.search('parse', 10, (c) => c.path.startsWith('src/net/'));
  assert.ok(inNet.length >= 2);
  assert.ok(inNet.every((h) => all.find((c) => c.id === h.id)?.path.startsWith('src/net/')));
});

test('k limits the hits; k <= 0 gives none', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  assert.equal(index.search('parse', 2).length, 2);
  assert.deepEqual(index.search('parse', 0), []);
});

test('remove forgets chunks, ignores unknown ids, and the id can be added again', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  const before = index.size;
  index.remove([defining.id, 'no-such-id']);
  assert.equal(index.size, before - 1);
  assert.equal(index.has(defining.id), false);
  assert.ok(!index.search('parseHttpResponse', 10).some((h) => h.id === defining.id));
  index.add([defining]);
  assert.equal(index.search('parseHttpResponse', 1)[0].id, defining.id);
});

test('adding a chunk twice keeps one copy', () => {
  const index = KeywordIndex.empty();
  index.add([cache, cache]);
  index.add([cache]);
  assert.equal(index.size, 1);
});

test('save and load round trip: same hits, same scores, generation kept', async () => {
  const dir = join(await tempDir(), 'keyword');
  const index = KeywordIndex.empty();
  index.add(all);
  index.remove([others[1].id]);
  index.generation = 1234;
  await index.save(dir);
  const loaded = await KeywordIndex.load(dir);
  assert.equal(loaded.recoveredFromCorruption, false);
  assert.equal(loaded.generation, 1234);
  assert.equal(loaded.size, index.size);
  assert.equal(loaded.has(others[1].id), false);
  for (const q of ['parseHttpResponse', 'how are embeddings cached', 'store open']) {
    assert.deepEqual(loaded.search(q, 5), index.search(q, 5));
  }
  // Still incremental after loading.
  const extra = chunk('src/extra.ts', 'function frobnicateWidgets() {}', 'function frobnicateWidgets');
  loaded.add([extra]);
  assert.equal(loaded.search('frobnicateWidgets', 1)[0].id, extra.id);
  assert.deepEqual(await readdir(dir), [KEYWORD_FILE]);
});

test('a missing file loads as an empty index that matches no generation', async () => {
  const index = await KeywordIndex.load(join(await tempDir(), 'nothing-here'));
  assert.equal(index.size, 0);
  assert.equal(index.recoveredFromCorruption, false);
  assert.equal(index.generation, NO_GENERATION);
});

test('a corrupt or truncated file loads empty and says so', async () => {
  const dir = await tempDir();
  const good = KeywordIndex.empty();
  good.add(all);
  good.generation = 7;
  await good.save(dir);
  const bytes = await readFile(join(dir, KEYWORD_FILE));
  const flipped = Buffer.from(bytes);
  flipped[Math.floor(bytes.length * 0.7)] ^= 0x5a; // a bit flip deep in the postings
  const variants: [string, Buffer][] = [
    ['truncated', bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['tail cut', bytes.subarray(0, bytes.length - 3)],
    ['bit flip', flipped],
    ['json', Buffer.from('{"version":1,"generation":7,"index":{}}')],
    ['zeros', Buffer.alloc(64)],
    ['empty', Buffer.alloc(0)],
  ];
  for (const [name, broken] of variants) {
    await writeFile(join(dir, KEYWORD_FILE), broken);
    const loaded = await KeywordIndex.load(dir);
    assert.equal(loaded.recoveredFromCorruption, true, `not flagged: ${name}`);
    assert.equal(loaded.size, 0);
    assert.equal(loaded.generation, NO_GENERATION);
  }
  await writeFile(join(dir, KEYWORD_FILE), bytes);
  assert.equal((await KeywordIndex.load(dir)).size, all.length, 'the intact bytes load');
});

test('saving removes the JSON file older versions wrote; a leftover one is never read', async () => {
  const dir = await tempDir();
  await writeFile(join(dir, 'keyword.json'), '{"version":1,"generation":3,"index":{}}');
  const unread = await KeywordIndex.load(dir);
  assert.equal(unread.generation, NO_GENERATION);
  assert.equal(unread.recoveredFromCorruption, false);
  unread.add([cache]);
  await unread.save(dir);
  assert.deepEqual(await readdir(dir), [KEYWORD_FILE]);
});

test('a failed save leaves no temporary file and rejects', async () => {
  const dir = await tempDir();
  // A directory where the file should go makes the final rename fail after the data was written.
  await mkdir(join(dir, KEYWORD_FILE, 'occupied'), { recursive: true });
  const index = KeywordIndex.empty();
  index.add(all);
  await assert.rejects(index.save(dir));
  assert.deepEqual(await readdir(dir), [KEYWORD_FILE]);
});

test('saving over an existing index replaces it whole', async () => {
  const dir = await tempDir();
  const first = KeywordIndex.empty();
  first.add(all);
  await first.save(dir);
  const second = KeywordIndex.empty();
  second.add([cache]);
  second.generation = 2;
  await Promise.all([second.save(dir), second.save(dir)]);
  const loaded = await KeywordIndex.load(dir);
  assert.equal(loaded.size, 1);
  assert.equal(loaded.generation, 2);
  assert.deepEqual(await readdir(dir), [KEYWORD_FILE]);
});

test('clear empties the index and forgets its generation', () => {
  const index = KeywordIndex.empty();
  index.add(all);
  index.generation = 5;
  index.clear();
  assert.equal(index.size, 0);
  assert.equal(index.generation, NO_GENERATION);
  assert.deepEqual(index.search('parse', 5), []);
});

/** A seeded corpus with a skewed vocabulary, so queries hit common and rare terms alike. */
function generatedChunks(count: number): Chunk[] {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const vocab = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`);
  const word = () => vocab[Math.floor(vocab.length * rnd() ** 3)];
  const ident = () => word() + word().replace(/^./, (c) => c.toUpperCase());
  return Array.from({ length: count }, (_, i) => {
    const lines = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => (rnd() < 0.3 ? ident() : word())).join(' '));
    return chunk(`src/${word()}/f${i}.ts`, lines.join('\n'), `function ${ident()}`, rnd() < 0.8 ? 'code' : 'doc', i * 10 + 1);
  });
}

/** minisearch's own ranking of already-analysed terms, over a plain minisearch with Lore's options. */
function referenceSearch(ms: MiniSearch<KeywordDoc>, query: string, k: number, filter?: ChunkFilter): KeywordHit[] {
  const terms = queryTerms(query);
  const results = ms.search(terms.join(' '), {
    tokenize: () => [...terms],
    processTerm: (t) => t,
    // A zero document boost skips a chunk before minisearch builds a result for it.
    boostDocument: filter ? (_id, _term, stored) => (filter(stored as unknown as ChunkMeta) ? 1 : 0) : undefined,
  });
  return results.slice(0, k).map((r) => ({ id: r.id as string, score: r.score }));
}

function plainMiniSearch(): MiniSearch<KeywordDoc> {
  return new MiniSearch<KeywordDoc>(KEYWORD_OPTIONS);
}
const asDoc = (c: Chunk): KeywordDoc => ({ id: c.id, text: c.text, symbol: c.symbol ?? '', path: c.path, kind: c.kind, language: c.language });

const referenceQueries = (chunks: Chunk[]) => ['w1x', 'w0x w5x', 'w2xW3x', 'how does w4x handle w9x', 'w1x w2x w3x w4x w5x w6x', 'wzzx w7x', chunks[5].symbol ?? ''];

function assertSameRanking(index: KeywordIndex, reference: MiniSearch<KeywordDoc>, queries: string[]): number {
  const docsOnly = (c: { kind: string }) => c.kind === 'doc';
  let compared = 0;
  for (const q of queries) {
    for (const filter of [undefined, docsOnly]) {
      const fast = index.search(q, 25, filter);
      const expected = referenceSearch(reference, q, 25, filter);
      assert.deepEqual(fast.map((h) => h.id), expected.map((h) => h.id), q);
      fast.forEach((h, i) => assert.ok(Math.abs(h.score - expected[i].score) < 1e-9 * expected[i].score, q));
      compared += fast.length;
    }
  }
  return compared;
}

test('the top-k scorer ranks and scores exactly like minisearch\'s own search', () => {
  const index = KeywordIndex.empty();
  const chunks = generatedChunks(600);
  index.add(chunks);
  const reference = plainMiniSearch();
  reference.addAll(chunks.map(asDoc));
  const compared = assertSameRanking(index, reference, referenceQueries(chunks));
  assert.ok(compared > 100, `only ${compared} hits compared`);
});

test('frozen segment + live layer + removals rank like one minisearch that saw the same changes', async () => {
  const dir = await tempDir();
  const chunks = generatedChunks(900);
  const [first, second] = [chunks.slice(0, 600), chunks.slice(600)];
  const built = KeywordIndex.empty();
  built.add(first);
  await built.save(dir); // merges the live layer into a frozen segment
  const index = await KeywordIndex.load(dir);
  const reference = plainMiniSearch();
  reference.addAll(first.map(asDoc));
  index.add(second); // live layer
  reference.addAll(second.map(asDoc));
  // Remove from both layers, and put back one removed frozen chunk (it comes back live).
  const removed = chunks.filter((_, i) => i % 4 === 1).map((c) => c.id);
  index.remove(removed);
  reference.discardAll(removed);
  // minisearch's search lowers a term's df as it meets discarded postings, mid-walk; vacuumed, it
  // ranks with the exact df, which is what Lore computes.
  await reference.vacuum();
  index.add([chunks[1]]);
  reference.add(asDoc(chunks[1]));
  assert.equal(index.size, reference.documentCount);
  assert.ok(index.has(chunks[1].id) && !index.has(chunks[5].id) && index.has(chunks[700].id) && !index.has(chunks[701].id));
  const compared = assertSameRanking(index, reference, [...referenceQueries(chunks), chunks[650].symbol ?? '']);
  assert.ok(compared > 100, `only ${compared} hits compared`);
  // Merging again (save) keeps the ranking, and the merged file loads to the same.
  await index.save(dir);
  assertSameRanking(index, reference, referenceQueries(chunks));
  const reloaded = await KeywordIndex.load(dir);
  assert.equal(reloaded.size, reference.documentCount);
  assertSameRanking(reloaded, reference, referenceQueries(chunks));
  assert.deepEqual([...reloaded.ids()].sort(), [...index.ids()].sort());
});

test('after removals the ranking equals that of an index that never had those chunks', () => {
  const chunks = generatedChunks(400);
  const removed = new Set(chunks.filter((_, i) => i % 3 === 0).map((c) => c.id));
  const dirty = KeywordIndex.empty();
  dirty.add(chunks);
  dirty.remove([...removed]);
  const fresh = KeywordIndex.empty();
  fresh.add(chunks.filter((c) => !removed.has(c.id)));
  assert.equal(dirty.size, fresh.size);
  for (const q of ['w1x', 'w0x w5x', 'how does w4x handle w9x', 'w2xW3x w6x']) {
    const a = dirty.search(q, 20);
    const b = fresh.search(q, 20);
    assert.ok(a.length > 0);
    assert.ok(a.every((h) => !removed.has(h.id)));
    assert.deepEqual(a.map((h) => h.id), b.map((h) => h.id), q);
    a.forEach((h, i) => assert.ok(Math.abs(h.score - b[i].score) < 1e-9 * b[i].score, q));
  }
});

test('an empty index saves a file that loads again (no chunks yet, e.g. a first run killed early)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lore-kw-empty-'));
  try {
    const empty = KeywordIndex.empty();
    empty.generation = 7;
    await empty.save(dir);
    const saved = await readSavedKeywordIndex(dir);
    assert.deepEqual(saved && { size: saved.ids.size, generation: saved.generation }, { size: 0, generation: 7 });
    const loaded = await KeywordIndex.load(dir);
    assert.equal(loaded.recoveredFromCorruption, false);
    assert.equal(loaded.generation, 7);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('addInSlices indexes like add, giving the event loop turns while it works', async () => {
  const many = Array.from({ length: 1000 }, (_, i) => chunk(`src/gen/f${i % 40}.ts`, `export function handler${i}() {\n  return route${i % 7}(token${i % 13});\n}`, `function handler${i}`, 'code', i * 3 + 1));
  const whole = KeywordIndex.empty();
  whole.add([...many, many[5]]);
  const sliced = KeywordIndex.empty();
  let turns = 0;
  let adding = true;
  const tick = (): void => {
    if (!adding) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await sliced.addInSlices([...many, many[5]]);
  adding = false;
  assert.ok(turns >= 3, `only ${turns} event-loop turn(s) while adding 1000 chunks`);
  assert.equal(sliced.size, whole.size);
  for (const q of ['route3 token5', 'handler42', 'gen f7']) assert.deepEqual(sliced.search(q, 20), whole.search(q, 20), q);
});
