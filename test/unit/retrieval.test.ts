import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BOOST, DEFAULT_RRF_K, retrieve, scopeFilter, type ChunkFilter, type RetrievalDeps } from '../../src/indexer/search';
import { KeywordIndex } from '../../src/indexer/keyword';
import type { Chunk, ChunkKind } from '../../src/indexer/types';

function chunk(id: string, path: string, startLine: number, endLine: number, opts: { kind?: ChunkKind; symbol?: string; text?: string } = {}): Chunk {
  const text = opts.text ?? Array.from({ length: endLine - startLine + 1 }, (_, i) => `${id} line ${startLine + i}`).join('\n');
  return { id, path, startLine, endLine, kind: opts.kind ?? 'code', language: opts.kind === 'code' || !opts.kind ? 'typescript' : 'markdown', symbol: opts.symbol, text, hash: `hash-${id}` };
}

interface Calls {
  vector: { query: string; k: number; filter?: ChunkFilter }[];
  keyword: { query: string; k: number; filter?: ChunkFilter }[];
}

/** Sides that return fixed rankings (honouring the filter unless told not to), with call records. */
function fakeDeps(chunks: Chunk[], vectorOrder: string[] | undefined, keywordOrder: string[], opts: { vectorIgnoresFilter?: boolean } = {}) {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const calls: Calls = { vector: [], keyword: [] };
  const rank = (order: string[], k: number, filter?: ChunkFilter) =>
    order
      .filter((id) => !filter || filter(byId.get(id) as Chunk))
      .slice(0, k)
      .map((id, i) => ({ id, score: 1 - i / 100, path: byId.get(id)?.path }));
  const deps: RetrievalDeps = {
    vectorSearch: vectorOrder
      ? async (query, k, filter) => {
          calls.vector.push({ query, k, filter });
          return rank(vectorOrder, k, opts.vectorIgnoresFilter ? undefined : filter);
        }
      : undefined,
    keywordSearch: (query, k, filter) => {
      calls.keyword.push({ query, k, filter });
      return rank(keywordOrder, k, filter);
    },
    getChunks: async (ids) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as Chunk] : [])),
  };
  return { deps, calls };
}

// Six chunks in six files, far apart, so no cap, merge or boost interferes unless a test wants it.
const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => chunk(id, `src/${id}.ts`, 1, 5));
const rrf = (...ranks: (number | undefined)[]) => ranks.reduce<number>((s, r) => s + (r ? 1 / (DEFAULT_RRF_K + r) : 0), 0);

test('hybrid with fusion rrf fuses two sides that disagree, by reciprocal rank', async () => {
  const vector = ['c', 'a', 'e', 'b'];
  const keyword = ['a', 'b', 'c', 'd'];
  const { deps } = fakeDeps(six, vector, keyword);
  const hits = await retrieve('how are chunks stored', deps, { mode: 'hybrid', k: 5, fusion: 'rrf' });
  const rankIn = (order: string[], id: string) => (order.includes(id) ? order.indexOf(id) + 1 : undefined);
  const expected = ['a', 'b', 'c', 'd', 'e']
    .map((id) => ({ id, score: rrf(rankIn(vector, id), rankIn(keyword, id)) }))
    .sort((x, y) => y.score - x.score);
  assert.deepEqual(hits.map((h) => h.id), expected.map((e) => e.id));
  assert.equal(hits[0].id, 'a', 'found high by both sides');
  for (const [i, h] of hits.entries()) assert.ok(Math.abs(h.score - expected[i].score) < 1e-12);
});

test('weights tilt the fusion towards one side', async () => {
  const { deps } = fakeDeps(six, ['e', 'f'], ['f', 'e']);
  const toVector = await retrieve('q', deps, { mode: 'hybrid', k: 2, weights: { vector: 3, keyword: 1 } });
  const toKeyword = await retrieve('q', deps, { mode: 'hybrid', k: 2, weights: { vector: 1, keyword: 3 } });
  assert.equal(toVector[0].id, 'e');
  assert.equal(toKeyword[0].id, 'f');
});

test('by default hybrid fuses by score distribution: a confident side outweighs a flat one', async () => {
  // The vector side barely separates its candidates; the keyword side is sure about d.
  const chunks = six;
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const deps: RetrievalDeps = {
    vectorSearch: async () => ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => ({ id, score: 0.5 - i * 0.001 })),
    keywordSearch: () => [{ id: 'd', score: 30 }, { id: 'a', score: 3 }, { id: 'e', score: 2.9 }, { id: 'f', score: 2.8 }],
    getChunks: async (ids) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as Chunk] : [])),
  };
  const dbsf = await retrieve('q', deps, { mode: 'hybrid', k: 3 });
  assert.equal(dbsf[0].id, 'd');
  // RRF only sees ranks: a (1st and 2nd) beats d (4th and 1st).
  const rrfHits = await retrieve('q', deps, { mode: 'hybrid', k: 3, fusion: 'rrf' });
  assert.equal(rrfHits[0].id, 'a');
});

test('keyword side gets the analysed query, vector side the whole one, both max(4k, 100) candidates', async () => {
  const { deps, calls } = fakeDeps(six, ['a'], ['b']);
  const query = 'Please explain how the parseConfig function handles missing files';
  await retrieve(query, deps, { mode: 'hybrid', k: 3 });
  assert.equal(calls.vector[0].query, query);
  assert.equal(calls.keyword[0].query, 'parseConfig handles missing files');
  assert.equal(calls.vector[0].k, 100);
  assert.equal(calls.keyword[0].k, 100);
  await retrieve(query, deps, { mode: 'hybrid', k: 40 });
  assert.equal(calls.vector[1].k, 160);
});

test('chunks are fetched lazily, best first, yet a boosted chunk further down still wins', async () => {
  const many = Array.from({ length: 200 }, (_, i) => chunk(`c${i}`, `src/f${i}.ts`, 1, 5));
  const order = many.map((c) => c.id);
  const { deps } = fakeDeps(many, undefined, order);
  const fetched: string[] = [];
  const counting: RetrievalDeps = { ...deps, getChunks: async (ids) => { fetched.push(...ids); return deps.getChunks(ids); } };
  const plain = await retrieve('q', counting, { mode: 'keyword', k: 3 });
  assert.deepEqual(plain.map((h) => h.id), ['c0', 'c1', 'c2']);
  assert.ok(fetched.length < 100, `fetched ${fetched.length} of 200`);
  // c3 is the 4th candidate; its file named in the query with a line lifts it to the top.
  fetched.length = 0;
  const traced = await retrieve('crash at src/f3.ts:2', counting, { mode: 'keyword', k: 3 });
  assert.equal(traced[0].id, 'c3');
  assert.ok(fetched.length < 100);
});

test('keyword-only when vectorSearch is undefined, whatever the mode', async () => {
  for (const mode of ['hybrid', 'vector'] as const) {
    const { deps, calls } = fakeDeps(six, undefined, ['d', 'a']);
    const hits = await retrieve('anything', deps, { mode, k: 5 });
    assert.deepEqual(hits.map((h) => h.id), ['d', 'a'], mode);
    assert.equal(calls.keyword.length, 1);
  }
});

test('mode keyword and mode vector each ask one side only', async () => {
  const k = fakeDeps(six, ['c'], ['d']);
  assert.deepEqual((await retrieve('q', k.deps, { mode: 'keyword', k: 3 })).map((h) => h.id), ['d']);
  assert.equal(k.calls.vector.length, 0);
  const v = fakeDeps(six, ['c'], ['d']);
  assert.deepEqual((await retrieve('q', v.deps, { mode: 'vector', k: 3 })).map((h) => h.id), ['c']);
  assert.equal(v.calls.keyword.length, 0);
});

test('at most maxPerFile chunks of one file; the rest of k comes from other files', async () => {
  const same = [1, 20, 40, 60, 80].map((line, i) => chunk(`s${i}`, 'src/big.ts', line, line + 5));
  const chunks = [...same, ...six];
  const { deps } = fakeDeps(chunks, undefined, [...same.map((c) => c.id), 'a', 'b', 'c']);
  const hits = await retrieve('q', deps, { mode: 'keyword', k: 5, maxPerFile: 2 });
  assert.deepEqual(hits.map((h) => h.id), ['s0', 's1', 'a', 'b', 'c']);
  const three = await retrieve('q', deps, { mode: 'keyword', k: 5 });
  assert.equal(three.filter((h) => h.path === 'src/big.ts').length, 3, 'default cap');
});

test('adjacent hits of one file come back as one merged range', async () => {
  const parts = [chunk('p1', 'src/m.ts', 1, 10), chunk('p2', 'src/m.ts', 11, 20)];
  const { deps } = fakeDeps([...parts, ...six], ['p2', 'a'], ['p1', 'b']);
  const hits = await retrieve('q', deps, { mode: 'hybrid', k: 4 });
  const merged = hits.find((h) => h.path === 'src/m.ts');
  assert.equal(hits.filter((h) => h.path === 'src/m.ts').length, 1);
  assert.deepEqual([merged?.startLine, merged?.endLine], [1, 20]);
  assert.equal(merged?.text, `${parts[0].text}\n${parts[1].text}`);
});

test('the same text in two files is returned once', async () => {
  const copy = { ...chunk('copy', 'vendor/a.ts', 1, 5), hash: six[0].hash, text: six[0].text };
  const { deps } = fakeDeps([...six, copy], undefined, ['a', 'copy', 'b']);
  assert.deepEqual((await retrieve('q', deps, { mode: 'keyword', k: 3 })).map((h) => h.id), ['a', 'b']);
});

test('boosts: active file, recent file, stack-trace line, identifier in symbol', async () => {
  const base = (r: number) => rrf(r);
  const order = ['a', 'b', 'c', 'd'];
  const run = async (query: string, boosts?: { activeFile?: string; recentFiles?: string[] }, chunks = six) => {
    const { deps } = fakeDeps(chunks, undefined, order);
    // The fake keyword side ranks every query alike, so a report's title would count twice: off.
    return retrieve(query, deps, { mode: 'keyword', k: 4, boosts, titleSupport: 0 });
  };
  const active = await run('q', { activeFile: 'src/b.ts' });
  assert.equal(active[0].id, 'b');
  assert.ok(Math.abs(active[0].score - base(2) * BOOST.activeFile) < 1e-12);
  const recent = await run('q', { recentFiles: ['src/c.ts'] });
  assert.ok(Math.abs((recent.find((h) => h.id === 'c')?.score ?? 0) - base(3) * BOOST.recentFile) < 1e-12);

  // A file named at a line inside d's chunk lifts it most; c.ts named without a line less; a stays.
  const named1 = await run('boom in /home/u/proj/src/d.ts:3:7 after /home/u/proj/src/c.ts');
  assert.deepEqual(named1.map((h) => h.id), ['d', 'c', 'a', 'b']);
  assert.ok(Math.abs(named1[0].score - base(4) * BOOST.pathHintLine) < 1e-12);
  assert.ok(Math.abs(named1[1].score - base(3) * BOOST.pathHint) < 1e-12);
  assert.ok(Math.abs(named1[2].score - base(1)) < 1e-12);
  // The same file named at a line far outside the chunk only earns the file boost.
  const elsewhere = await run('see /home/u/proj/src/d.ts:300:7');
  assert.ok(Math.abs((elsewhere.find((h) => h.id === 'd')?.score ?? 0) - base(4) * BOOST.pathHint) < 1e-12);
  // A stack trace: its innermost frame's file is where it failed; the outer frames get nothing.
  const traced = await run('Error: boom\n    at run (/home/u/proj/src/d.ts:3:7)\n    at main (/home/u/proj/src/c.ts:9:1)');
  assert.equal(traced[0].id, 'd');
  assert.ok(Math.abs(traced[0].score - base(4) * BOOST.innermostFrame) < 1e-12);
  assert.ok(Math.abs((traced.find((h) => h.id === 'c')?.score ?? 0) - base(3)) < 1e-12);

  const withSymbols = six.map((c) => (c.id === 'b' ? { ...c, symbol: 'class Store > method loadShard' } : c));
  const named = await run('why does loadShard fail', undefined, withSymbols);
  assert.ok(Math.abs((named.find((h) => h.id === 'b')?.score ?? 0) - base(2) * BOOST.identifierInSymbol) < 1e-12);
});

test('scope code / docs filters both sides, even one that ignores the filter', async () => {
  const chunks = [chunk('code1', 'src/x.ts', 1, 3), chunk('doc1', 'README.md', 1, 3, { kind: 'doc' }), chunk('txt1', 'notes.txt', 1, 3, { kind: 'text' })];
  const all = ['code1', 'doc1', 'txt1'];
  const code = fakeDeps(chunks, all, all, { vectorIgnoresFilter: true });
  assert.deepEqual((await retrieve('q', code.deps, { mode: 'hybrid', k: 5, scope: 'code' })).map((h) => h.id), ['code1']);
  assert.ok(code.calls.keyword[0].filter, 'filter handed to the keyword side');
  const docs = fakeDeps(chunks, all, all, { vectorIgnoresFilter: true });
  assert.deepEqual((await retrieve('q', docs.deps, { mode: 'hybrid', k: 5, scope: 'docs' })).map((h) => h.id).sort(), ['doc1', 'txt1']);
  const everything = fakeDeps(chunks, all, all);
  assert.equal((await retrieve('q', everything.deps, { mode: 'hybrid', k: 5, scope: 'all' })).length, 3);
});

test('pathPrefix matches whole path segments', () => {
  const f = scopeFilter('all', './src/chat/');
  assert.ok(f);
  const meta = (path: string) => ({ path, kind: 'code' as const, language: 'typescript' });
  assert.equal(f(meta('src/chat/session.ts')), true);
  assert.equal(f(meta('src/chatbot.ts')), false);
  assert.equal(scopeFilter('all'), undefined);
});

test('an aborted signal rejects and stops before fetching chunks', async () => {
  const { deps } = fakeDeps(six, ['a'], ['b']);
  let fetched = false;
  const controller = new AbortController();
  const slow: RetrievalDeps = {
    ...deps,
    vectorSearch: async () => {
      controller.abort();
      return [{ id: 'a', score: 1 }];
    },
    getChunks: async (ids) => {
      fetched = true;
      return deps.getChunks(ids);
    },
  };
  await assert.rejects(retrieve('q', slow, { mode: 'hybrid', k: 3 }, controller.signal), { name: 'AbortError' });
  assert.equal(fetched, false);
});

test('end to end over a real keyword index, keyword-only', async () => {
  const index = KeywordIndex.empty();
  const target = chunk('t', 'src/indexer/shardWriter.ts', 10, 14, {
    symbol: 'function writeShardAtomically',
    text: 'export async function writeShardAtomically(dir: string) {\n  await writeFile(tmp, data);\n  await rename(tmp, final);\n}\n',
  });
  const noise = [
    chunk('n1', 'src/chat/prompt.ts', 1, 3, { text: 'build the prompt from sources and history' }),
    chunk('n2', 'docs/shards.md', 1, 3, { kind: 'doc', text: 'Shards are written one at a time.' }),
  ];
  index.add([target, ...noise]);
  const byId = new Map([target, ...noise].map((c) => [c.id, c]));
  const deps: RetrievalDeps = {
    keywordSearch: (q, k, filter) => index.search(q, k, filter),
    getChunks: async (ids) => ids.map((id) => byId.get(id) as Chunk),
  };
  const hits = await retrieve('where is writeShardAtomically defined?', deps, { mode: 'hybrid', k: 2 });
  assert.equal(hits[0].id, 't');
  assert.equal(hits[0].symbol, 'function writeShardAtomically');
  assert.deepEqual((await retrieve('shards written', deps, { mode: 'keyword', k: 5, scope: 'code' })).map((h) => h.kind), ['code']);
});
