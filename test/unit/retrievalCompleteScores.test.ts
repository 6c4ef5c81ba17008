import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeScoreLists, distributionFusion, retrieve, type RetrievalDeps } from '../../src/indexer/search';
import { KeywordIndex } from '../../src/indexer/keyword';
import { LoreStore } from '../../src/indexer/store';
import type { Chunk } from '../../src/indexer/types';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lore-complete-'));
  dirs.push(d);
  return d;
}
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function chunk(path: string, i: number, text: string): Chunk {
  const hash = sha(text);
  return { id: sha(`${path}:${i}:${hash}`).slice(0, 32), path, language: 'typescript', kind: 'code', startLine: i * 10 + 1, endLine: i * 10 + 9, symbol: `fn${i}`, text, hash };
}

const WORDS = ['parse', 'render', 'token', 'stream', 'error', 'cache', 'route', 'header'];
/** Chunks whose texts mix the words in varying amounts, so BM25 scores differ. */
const corpus = Array.from({ length: 40 }, (_, i) =>
  chunk(`src/f${i % 7}.ts`, i, Array.from({ length: 3 + (i % 5) }, (_, j) => WORDS[(i * 3 + j * (i % 3 + 1)) % WORDS.length]).join(' ')),
);

test('keyword searchScored: hits as search, scoreOf = the score a deep search gives, frozen and live layers', async () => {
  const index = KeywordIndex.empty();
  index.add(corpus.slice(0, 25));
  await index.save(await tempDir()); // merges: these 25 are in the frozen segment
  index.add(corpus.slice(25)); // these in the live layer
  index.remove([corpus[3].id, corpus[30].id]);
  const query = 'parse token cache';
  const deep = new Map(index.search(query, 1000).map((h) => [h.id, h.score]));
  assert.ok(deep.size > 10 && deep.size < corpus.length - 2, `some chunks match, some do not (${deep.size})`);
  const { hits, scoreOf } = index.searchScored(query, 5);
  assert.deepEqual(hits, index.search(query, 5));
  const all = index.searchScored(query, corpus.length).hits;
  assert.ok(all.some((h) => corpus.findIndex((c) => c.id === h.id) >= 25), 'live-layer hits among them');
  for (const h of all) assert.equal(h.path, corpus.find((c) => c.id === h.id)?.path, 'each hit names its file, frozen or live');
  let live = 0;
  for (const c of corpus) {
    const want = deep.get(c.id) ?? 0;
    if (want > 0 && corpus.indexOf(c) >= 25) live++;
    assert.ok(Math.abs(scoreOf(c.id) - want) <= 1e-5 * Math.max(1, want), `${corpus.indexOf(c)}: ${scoreOf(c.id)} vs ${want}`);
  }
  assert.ok(live > 0, 'live-layer chunks are scored too');
  assert.equal(scoreOf(corpus[3].id), 0, 'removed');
  assert.equal(scoreOf('no-such-id'), 0);
  const filtered = index.searchScored(query, 5, (m) => m.path !== 'src/f1.ts');
  const inF1 = corpus.filter((c) => c.path === 'src/f1.ts' && deep.has(c.id));
  assert.ok(inF1.length > 0);
  for (const c of inF1) assert.equal(filtered.scoreOf(c.id), 0, 'a filtered chunk scores 0');
});

test('store vectorSearchScored: cosines of the requested ids as a deep search gives them; no vector, unknown: absent', async () => {
  const dir = await tempDir();
  const { store } = await LoreStore.open(join(dir, 'v'), { model: 'm', dims: 8 }, { shards: 3 });
  const vec = (i: number) => Float32Array.from({ length: 8 }, (_, d) => Math.sin(i * 1.7 + d * 0.9) + (d === i % 8 ? 1 : 0));
  const byFile = new Map<string, Chunk[]>();
  for (const c of corpus) byFile.set(c.path, [...(byFile.get(c.path) ?? []), c]);
  const noVectors = 'src/f6.ts';
  await store.apply({
    upserts: [...byFile].map(([path, chunks]) => ({
      file: { path, hash: sha(path), size: 1, mtimeMs: 1 },
      chunks,
      vectors: path === noVectors ? null : chunks.map((c) => vec(corpus.indexOf(c))),
    })),
    removals: [],
    embedTextHashes: [...byFile.values()].map((cs) => cs.map((c) => sha(`e:${c.text}`))),
  });
  const q = vec(11);
  const deep = new Map((await store.vectorSearch(q, 1000)).map((h) => [h.id, h.score]));
  const ids = [...corpus.map((c) => c.id), 'no-such-id'];
  const { hits, scores } = await store.vectorSearchScored(q, 4, undefined, ids);
  assert.deepEqual(hits, await store.vectorSearch(q, 4));
  assert.equal(scores.size, deep.size);
  for (const [id, s] of deep) assert.equal(scores.get(id), s);
  for (const c of corpus.filter((x) => x.path === noVectors)) assert.equal(scores.has(c.id), false);
  assert.equal(scores.has('no-such-id'), false);
  // Ids routed by their file's path (the keyword side knows it) score the same; a wrong path only
  // costs the lookup in every shard.
  const routed = corpus.map((c, i) => ({ id: c.id, path: i % 4 === 3 ? 'moved/elsewhere.ts' : c.path }));
  const viaPaths = await store.vectorSearchScored(q, 4, undefined, () => [...routed, { id: 'no-such-id', path: 'src/f1.ts' }]);
  assert.deepEqual([...viaPaths.scores].sort(), [...scores].sort());
  await store.close();
});

test('completeScoreLists: both sides score the union; chunks without a vector only on the keyword side', () => {
  const sides = completeScoreLists(
    [{ id: 'a', score: 0.9 }, { id: 'b', score: 0.8 }],
    (id) => ({ c: 0.1 } as Record<string, number>)[id],
    [{ id: 'c', score: 7 }, { id: 'a', score: 5 }, { id: 'd', score: 4 }],
    (id) => (id === 'b' ? 2 : 0),
  );
  assert.deepEqual(sides.vector, [{ id: 'a', score: 0.9 }, { id: 'b', score: 0.8 }, { id: 'c', score: 0.1 }]);
  assert.deepEqual(sides.keyword, [{ id: 'a', score: 5 }, { id: 'b', score: 2 }, { id: 'c', score: 7 }, { id: 'd', score: 4 }]);
});

test('hybrid fuses the completed lists: a chunk just below one side`s cut keeps that side`s evidence', async () => {
  const chunks = ['x', 'y', 'z', 'w', 'v', 'u'].map((id, i) => ({ ...chunk(`src/${id}.ts`, i, `${id} text`), id }));
  const byId = new Map(chunks.map((c) => [c.id, c]));
  // Hidden full scores; each side lists only its top 3. `y` is the vectors' best and the keyword
  // side's 4th, close to its 3rd: truncated fusion gives it 0 there, complete fusion its real score.
  const vectorAll: Record<string, number> = { y: 0.9, w: 0.85, v: 0.8, x: 0.5, z: 0.4, u: 0.1 };
  const keywordAll: Record<string, number> = { x: 10, z: 9, u: 8.5, y: 8.4, w: 0, v: 0 };
  const top = (all: Record<string, number>, k: number) =>
    Object.entries(all).sort((a, b) => b[1] - a[1]).slice(0, k).map(([id, score]) => ({ id, score }));
  const scoredCalls: string[][] = [];
  const calls: string[] = [];
  const deps: RetrievalDeps = {
    vectorSearch: async (_q, k) => top(vectorAll, k),
    keywordSearch: (_q, k) => top(keywordAll, k),
    keywordSearchScored: (_q, k) => {
      calls.push('keyword');
      return { hits: top(keywordAll, k), scoreOf: (id) => keywordAll[id] ?? 0 };
    },
    vectorSearchScored: async (_q, k, _f, scoreIdsOf) => {
      calls.push('vector starts');
      await new Promise((r) => setImmediate(r)); // the store's freshness check
      const scoreIds = scoreIdsOf().map((t) => (typeof t === 'string' ? t : t.id));
      scoredCalls.push([...scoreIds]);
      return { hits: top(vectorAll, k), scores: new Map(scoreIds.map((id) => [id, vectorAll[id]])) };
    },
    getChunks: async (ids) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as Chunk] : [])),
  };
  const opts = { mode: 'hybrid' as const, k: 6, candidates: 3 };
  const complete = await retrieve('q', deps, opts);
  assert.deepEqual(scoredCalls, [['x', 'z', 'u']], 'the vector side scores the keyword candidates');
  assert.deepEqual(calls, ['vector starts', 'keyword'], 'the keyword side runs while the vector side waits for the store');
  const union = ['y', 'w', 'v', 'x', 'z', 'u'];
  const expected = distributionFusion(
    [union.map((id) => ({ id, score: vectorAll[id] })), union.map((id) => ({ id, score: keywordAll[id] }))],
    [1, 1],
  );
  assert.deepEqual(complete.map((h) => h.id), expected.map((e) => e.id));
  assert.equal(complete[0].id, 'y', 'strong on both sides');
  const truncated = await retrieve('q', deps, { ...opts, completeScores: false });
  assert.notEqual(truncated[0].id, 'y', 'without the filled-in keyword score y loses first place');
});
