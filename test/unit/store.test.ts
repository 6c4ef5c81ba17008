import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoreStore, type FileUpdate } from '../../src/indexer/store';
import type { Chunk } from '../../src/indexer/types';

const DIMS = 16;
const ID = { model: 'test-embed', dims: DIMS };
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Deterministic unit vector for a seed (mulberry32). */
function unitVec(seed: number, dims = DIMS): Float32Array {
  let a = seed >>> 0;
  const v = new Float32Array(dims);
  let sq = 0;
  for (let i = 0; i < dims; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    v[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    sq += v[i] * v[i];
  }
  for (let i = 0; i < dims; i++) v[i] /= Math.sqrt(sq);
  return v;
}

function chunk(path: string, i: number, text: string): Chunk {
  const hash = sha(text);
  return { id: sha(`${path}:${i}:${hash}`).slice(0, 32), path, language: 'typescript', kind: 'code', startLine: i * 10 + 1, endLine: i * 10 + 9, symbol: `fn${i}`, text, hash };
}

/** A file of n chunks whose texts (and vectors) are determined by `tag`. */
function file(path: string, n: number, tag: string, vectors = true): { update: FileUpdate; hashes: string[]; seeds: number[] } {
  const chunks = Array.from({ length: n }, (_, i) => chunk(path, i, `// ${tag} chunk ${i}\nfunction fn${i}() { return '${tag}'; }`));
  const seeds = chunks.map((c) => parseInt(c.hash.slice(0, 8), 16));
  return {
    update: { file: { path, hash: sha(tag + path), size: 100 * n, mtimeMs: 1000 }, chunks, vectors: vectors ? seeds.map((s) => unitVec(s)) : null },
    hashes: chunks.map((c) => sha(`embed:${c.text}`)),
    seeds,
  };
}

async function applyFiles(store: LoreStore, files: ReturnType<typeof file>[], removals: string[] = []): Promise<void> {
  await store.apply({ upserts: files.map((f) => f.update), removals, embedTextHashes: files.map((f) => f.hashes) });
}

async function shardStamps(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await fs.readdir(join(dir, 'shards'))) {
    const st = await fs.stat(join(dir, 'shards', name));
    out.set(name, `${st.ino}:${st.mtimeMs}:${st.size}`);
  }
  return out;
}

describe('LoreStore', () => {
  let root: string;
  let n = 0;
  const fresh = (): string => join(root, `idx${++n}`);
  before(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'lore-store-'));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('round-trips: apply, reopen, nearest vector found, chunks with text', async () => {
    const dir = fresh();
    const files = ['src/a.ts', 'src/b.ts', 'docs/c.md'].map((p, i) => file(p, 3 + i, `v1-${p}`));
    const { store, rebuilt } = await LoreStore.open(dir, ID, { shards: 4 });
    assert.equal(rebuilt, false);
    await applyFiles(store, files);
    await store.close();

    const reopened = await LoreStore.open(dir, ID);
    const s = reopened.store;
    assert.deepEqual(reopened.damagedFiles, []);
    assert.equal(s.files().size, 3);
    assert.deepEqual(s.getFile('src/b.ts')?.chunkIds, files[1].update.chunks.map((c) => c.id));
    const target = files[2].update.chunks[1];
    const hits = await s.vectorSearch(unitVec(files[2].seeds[1]), 3);
    assert.equal(hits[0].id, target.id);
    assert.ok(hits[0].score > 0.99 && hits[0].score > hits[1].score, `scores ${hits.map((h) => h.score)}`);
    const got = await s.getChunks([target.id, 'no-such-id', files[0].update.chunks[0].id]);
    assert.deepEqual(got, [target, files[0].update.chunks[0]]);
    const filtered = await s.vectorSearch(unitVec(files[2].seeds[1]), 20, (c) => c.path.startsWith('src/'));
    assert.equal(filtered.length, 3 + 4);
    assert.ok(filtered.every((h) => !files[2].update.chunks.some((c) => c.id === h.id)));
    const all: Chunk[] = [];
    for await (const c of s.allChunks()) all.push(c);
    assert.equal(all.length, 3 + 4 + 5);
    assert.deepEqual(s.stats().chunks, 12);
    assert.equal(s.stats().withVectors, 12);
    await s.close();
  });

  it('rewrites exactly one shard file when one file changes', async () => {
    const dir = fresh();
    const { store } = await LoreStore.open(dir, ID, { shards: 8 });
    const files = Array.from({ length: 24 }, (_, i) => file(`pkg/f${i}.ts`, 2, `v1-${i}`));
    await applyFiles(store, files);
    const before = await shardStamps(dir);
    assert.ok(before.size >= 4, `24 files should spread over several shards, got ${before.size}`);
    await store.vectorSearch(unitVec(1), 1); // vectors loaded: the rewrite must update them in place
    const v2 = file('pkg/f5.ts', 3, 'v2-5');
    await applyFiles(store, [v2]);
    const afterStamps = await shardStamps(dir);
    const changed = [...afterStamps].filter(([name, st]) => before.get(name) !== st).map(([name]) => name);
    assert.equal(changed.length, 1, `changed: ${changed}`);
    assert.equal(store.getFile('pkg/f5.ts')?.chunkIds.length, 3);
    for (const f of [v2, ...files.filter((_, i) => i !== 5)]) {
      const hit = (await store.vectorSearch(unitVec(f.seeds[1]), 1))[0];
      assert.equal(hit.id, f.update.chunks[1].id);
      assert.ok(hit.score > 0.99);
    }
    assert.deepEqual(await store.getChunks(files[5].update.chunks.map((c) => c.id)), []);
    await store.close();
  });

  it('removal drops the chunks from search, getChunks and the manifest', async () => {
    const dir = fresh();
    const { store } = await LoreStore.open(dir, ID, { shards: 4 });
    const a = file('a.ts', 2, 'a');
    const b = file('b.ts', 2, 'b');
    await applyFiles(store, [a, b]);
    await store.apply({ upserts: [], removals: ['a.ts'] });
    assert.equal(store.getFile('a.ts'), undefined);
    assert.deepEqual(await store.getChunks(a.update.chunks.map((c) => c.id)), []);
    const hits = await store.vectorSearch(unitVec(a.seeds[0]), 10);
    assert.deepEqual(hits.map((h) => h.id).sort(), b.update.chunks.map((c) => c.id).sort());
    await store.close();
    const { store: again } = await LoreStore.open(dir, ID);
    assert.deepEqual([...again.files().keys()], ['b.ts']);
    assert.equal(again.stats().chunks, 2);
    await again.close();
  });

  for (const [what, other] of [['model', { model: 'other-embed', dims: DIMS }], ['dims', { model: ID.model, dims: DIMS * 2 }]] as const) {
    it(`rebuilds empty when the embedding ${what} changes`, async () => {
      const dir = fresh();
      const { store } = await LoreStore.open(dir, ID, { shards: 4 });
      await applyFiles(store, [file('a.ts', 2, 'a')]);
      await store.close();
      const r = await LoreStore.open(dir, other);
      assert.equal(r.rebuilt, true);
      assert.match(r.reason ?? '', new RegExp(what === 'model' ? 'model' : 'dimensions'));
      assert.equal(r.store.files().size, 0);
      assert.deepEqual(r.store.identity(), { schema: 1, ...other });
      assert.equal((await r.store.vectorSearch(unitVec(1, other.dims), 5)).length, 0);
      await r.store.close();
    });
  }

  it('drops a truncated shard, reports its files, keeps the others', async () => {
    const dir = fresh();
    const { store } = await LoreStore.open(dir, ID, { shards: 4 });
    const files = Array.from({ length: 12 }, (_, i) => file(`m/f${i}.ts`, 2, `t${i}`));
    await applyFiles(store, files);
    await store.close();
    const victim = (await fs.readdir(join(dir, 'shards'))).sort()[0];
    const path = join(dir, 'shards', victim);
    await fs.truncate(path, (await fs.stat(path)).size - 100);

    const r = await LoreStore.open(dir, ID);
    const lost = new Set(r.damagedFiles);
    assert.ok(lost.size > 0 && lost.size < files.length, `damaged ${[...lost]}`);
    const kept = files.filter((f) => !lost.has(f.update.file.path));
    assert.deepEqual([...r.store.files().keys()].sort(), kept.map((f) => f.update.file.path).sort());
    const survivor = kept[0];
    const hits = await r.store.vectorSearch(unitVec(survivor.seeds[1]), 1);
    assert.equal(hits[0].id, survivor.update.chunks[1].id);
    // Re-indexing the lost files repairs the shard.
    await applyFiles(r.store, files.filter((f) => lost.has(f.update.file.path)));
    await r.store.close();
    const healed = await LoreStore.open(dir, ID);
    assert.deepEqual(healed.damagedFiles, []);
    assert.equal(healed.store.files().size, files.length);
    await healed.store.close();
  });

  it('leaves the previous index intact when a shard write fails', async () => {
    const dir = fresh();
    let failOn: string | undefined;
    const faults = { beforeWrite: (p: string): void => {
      if (failOn && p.endsWith(failOn)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    } };
    const { store } = await LoreStore.open(dir, ID, { shards: 4, faults });
    const files = Array.from({ length: 8 }, (_, i) => file(`w/f${i}.ts`, 2, `w${i}`));
    await applyFiles(store, files);
    const before = await shardStamps(dir);
    const manifestBefore = await fs.readFile(join(dir, 'manifest.json'), 'utf8');
    failOn = [...before.keys()].sort()[1];
    const changed = files.map((f, i) => file(f.update.file.path, 3, `w${i}-v2`));
    await assert.rejects(applyFiles(store, changed), (err: NodeJS.ErrnoException) => err.code === 'ENOSPC');
    assert.deepEqual(await shardStamps(dir), before, 'no shard file replaced, no temp file left');
    assert.equal(await fs.readFile(join(dir, 'manifest.json'), 'utf8'), manifestBefore);
    assert.deepEqual(store.getFile('w/f3.ts')?.chunkIds, files[3].update.chunks.map((c) => c.id));
    assert.equal((await store.vectorSearch(unitVec(files[3].seeds[0]), 1))[0].id, files[3].update.chunks[0].id);
    failOn = undefined;
    await applyFiles(store, changed); // the store still works afterwards
    assert.equal(store.getFile('w/f3.ts')?.chunkIds.length, 3);
    await store.close();
  });

  it('repairs a transaction interrupted between shard renames and the manifest', async () => {
    const dir = fresh();
    let failManifest = false;
    const faults = { beforeWrite: (p: string): void => {
      if (failManifest && p.endsWith('manifest.json')) throw new Error('killed');
    } };
    const { store } = await LoreStore.open(dir, ID, { shards: 4, faults });
    const files = Array.from({ length: 8 }, (_, i) => file(`k/f${i}.ts`, 2, `k${i}`));
    await applyFiles(store, files);
    failManifest = true;
    const v2 = file('k/f2.ts', 3, 'k2-v2');
    await assert.rejects(applyFiles(store, [v2]), /killed/);
    // The process that failed still serves the committed version...
    assert.equal(store.getFile('k/f2.ts')?.chunkIds.length, 2);
    assert.equal((await store.getChunks([files[2].update.chunks[0].id])).length, 1);
    await store.close();
    // ...and a fresh open sees the new shard without a committed manifest: v2 chunks are garbage,
    // v1 chunks are gone, so the file is re-indexed; nothing is duplicated.
    const r = await LoreStore.open(dir, ID);
    assert.deepEqual(r.damagedFiles, ['k/f2.ts']);
    assert.deepEqual(await r.store.getChunks(v2.update.chunks.map((c) => c.id)), []);
    const ids: string[] = [];
    for await (const c of r.store.allChunks()) ids.push(c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, 7 * 2);
    await r.store.close();
  });

  it('a reader keeps serving the committed version when a writer dies between shard renames and the manifest', async () => {
    const dir = fresh();
    let failManifest = false;
    const faults = { beforeWrite: (p: string): void => {
      if (failManifest && p.endsWith('manifest.json')) throw new Error('killed');
    } };
    const { store: writer } = await LoreStore.open(dir, ID, { shards: 4, faults });
    const files = Array.from({ length: 8 }, (_, i) => file(`k/f${i}.ts`, 2, `k${i}`));
    await applyFiles(writer, files);
    const { store: reader } = await LoreStore.open(dir, ID);
    const f2 = files[2];
    assert.equal((await reader.vectorSearch(unitVec(f2.seeds[0]), 1))[0].id, f2.update.chunks[0].id);
    failManifest = true;
    await assert.rejects(applyFiles(writer, [file('k/f2.ts', 3, 'k2-v2')]), /killed/);
    // No commit happened: the reader answers from the shard versions its manifest describes.
    assert.equal((await reader.vectorSearch(unitVec(f2.seeds[0]), 1))[0].id, f2.update.chunks[0].id);
    assert.equal((await reader.getChunks([f2.update.chunks[1].id]))[0]?.text, f2.update.chunks[1].text);
    assert.equal(reader.getFile('k/f2.ts')?.chunkIds.length, 2);
    assert.deepEqual(reader.takeDamagedFiles(), []);
    // Its next write, under the lock, finds the orphaned shard and hands that file back for indexing.
    await applyFiles(reader, [file('k/f5.ts', 2, 'k5-v2')]);
    assert.deepEqual(reader.takeDamagedFiles(), ['k/f2.ts']);
    assert.equal(reader.getFile('k/f2.ts'), undefined);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('serves cached vectors after a rename, a removal and a reopen', async () => {
    const dir = fresh();
    const { store } = await LoreStore.open(dir, ID, { shards: 4 });
    const a = file('old/name.ts', 3, 'same-content');
    await applyFiles(store, [a]);
    const key = a.hashes[1];
    assert.deepEqual(store.cachedVector(key), a.update.vectors?.[1]);
    assert.equal(store.cachedVector(sha('never embedded')), undefined);
    // Rename: same texts under a new path; the orchestrator looks vectors up before applying.
    const renamed = file('new/name.ts', 3, 'same-content');
    await store.apply({ upserts: [{ ...renamed.update, vectors: a.hashes.map((h) => store.cachedVector(h) as Float32Array) }], removals: ['old/name.ts'], embedTextHashes: [renamed.hashes] });
    assert.deepEqual(store.cachedVector(key), a.update.vectors?.[1]);
    await store.apply({ upserts: [], removals: ['new/name.ts'] });
    assert.equal(store.files().size, 0);
    assert.deepEqual(store.cachedVector(key), a.update.vectors?.[1], 'kept by the removed-vectors cache');
    await store.close();
    const { store: again } = await LoreStore.open(dir, ID);
    assert.deepEqual(again.cachedVector(key), a.update.vectors?.[1], 'persisted across sessions');
    await again.close();
  });

  it('stores keyword-only, then fills the vectors in', async () => {
    const dir = fresh();
    const r = await LoreStore.open(dir, null, { shards: 4 });
    assert.equal(r.store.identity(), null);
    const f = file('kw.ts', 3, 'kw', false);
    await applyFiles(r.store, [f]);
    assert.equal(r.store.getFile('kw.ts')?.vectors, false);
    assert.deepEqual(await r.store.vectorSearch(unitVec(1), 3), []);
    await assert.rejects(r.store.apply({ upserts: [file('v.ts', 1, 'v').update], removals: [] }), /no embedding model/);
    await r.store.close();

    const up = await LoreStore.open(dir, ID);
    assert.equal(up.rebuilt, false);
    assert.equal(up.store.getFile('kw.ts')?.vectors, false);
    assert.equal((await up.store.getChunks([f.update.chunks[0].id]))[0].text, f.update.chunks[0].text);
    const filled = file('kw.ts', 3, 'kw', true);
    await applyFiles(up.store, [filled]);
    assert.equal(up.store.getFile('kw.ts')?.vectors, true);
    assert.equal((await up.store.vectorSearch(unitVec(filled.seeds[2]), 1))[0].id, filled.update.chunks[2].id);
    // Ollama down again: a keyword-only upsert of unchanged text keeps the vectors from the cache.
    await applyFiles(up.store, [file('kw.ts', 3, 'kw', false)]);
    assert.equal(up.store.getFile('kw.ts')?.vectors, true);
    await up.store.close();
    const last = await LoreStore.open(dir, null);
    assert.deepEqual(last.store.identity(), { schema: 1, ...ID });
    assert.equal(last.store.stats().withVectors, 3);
    await last.store.close();
  });

  it('lets a reader see what another instance committed', async () => {
    const dir = fresh();
    const { store: writer } = await LoreStore.open(dir, ID, { shards: 4 });
    const { store: reader } = await LoreStore.open(dir, ID);
    await applyFiles(writer, [file('x.ts', 2, 'x1')]);
    const x = file('x.ts', 2, 'x1');
    assert.equal((await reader.vectorSearch(unitVec(x.seeds[0]), 1))[0].id, x.update.chunks[0].id);
    const x2 = file('x.ts', 2, 'x2');
    await applyFiles(writer, [x2]);
    assert.equal((await reader.vectorSearch(unitVec(x2.seeds[1]), 1))[0].id, x2.update.chunks[1].id);
    assert.deepEqual(reader.getFile('x.ts')?.chunkIds, x2.update.chunks.map((c) => c.id));
    await Promise.all([writer.close(), reader.close()]);
  });
});
