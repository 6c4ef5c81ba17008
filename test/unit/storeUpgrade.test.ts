import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoreStore, forgetVerifiedShards, type FileUpdate } from '../../src/indexer/store';
import { UPGRADES_PER_TRANSACTION } from '../../src/indexer/store/formatUpgrade';
import { decodeShard, encodeShard } from '../../src/indexer/store/shardCodec';
import type { Chunk } from '../../src/indexer/types';

const DIMS = 24;
const ID = { model: 'test-embed', dims: DIMS };
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Deterministic pseudo-random vectors, so both runs of a search see the same index. */
function vector(seed: number): Float32Array {
  let x = seed * 2654435761 >>> 0;
  return Float32Array.from({ length: DIMS }, () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1);
}

function update(path: string, n: number, seed: number): FileUpdate {
  const chunks: Chunk[] = Array.from({ length: n }, (_, i) => {
    const text = `chunk ${i} of ${path}`;
    return { id: sha(`${path}:${i}`).slice(0, 32), path, language: 'typescript', kind: 'code', startLine: i + 1, endLine: i + 1, text, hash: sha(text) };
  });
  return { file: { path, hash: sha(path), size: 10, mtimeMs: 1 }, chunks, vectors: chunks.map((_, i) => vector(seed * 100 + i)) };
}

async function formats(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const n of (await fs.readdir(join(dir, 'shards'))).filter((x) => x.endsWith('.lore'))) {
    out.set(n, (await fs.readFile(join(dir, 'shards', n))).subarray(0, 8).toString('latin1'));
  }
  return out;
}

describe('store format 1 -> 2 (issue 21)', () => {
  let dir: string;
  const paths = Array.from({ length: 24 }, (_, i) => `src/f${i}.ts`);
  before(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'lore-upgrade-'));
    const w = await LoreStore.open(dir, ID, { shards: 8 });
    await w.store.apply({ upserts: paths.map((p, i) => update(p, 4, i)), removals: [] });
    await w.store.close();
    // Rewrite every shard as an older Lore wrote it: same items, no int8 block.
    for (const n of (await fs.readdir(join(dir, 'shards'))).filter((x) => x.endsWith('.lore'))) {
      const f = join(dir, 'shards', n);
      await fs.writeFile(f, encodeShard(decodeShard(await fs.readFile(f)), 1));
    }
    forgetVerifiedShards();
  });
  after(async () => fs.rm(dir, { recursive: true, force: true }));

  it('format 1 shards answer like format 2 ones, are verified, and a read never upgrades them', async () => {
    const olds = await formats(dir);
    assert.ok(olds.size >= 6 && [...olds.values()].every((m) => m === 'LORESHD1'), JSON.stringify([...olds]));
    const q = vector(7 * 100 + 2);
    const r = await LoreStore.open(dir, ID, { readOnly: true });
    const hits = await r.store.vectorSearch(q, 5);
    assert.equal(hits[0].path, 'src/f7.ts', 'the query is chunk 2 of f7.ts');
    await r.store.verify();
    assert.deepEqual(r.store.takeLateDamage(), []);
    await r.store.close();
    assert.deepEqual(await formats(dir), olds, 'a read-only open rewrote nothing');
  });

  it('each transaction rewrites a bounded number of untouched format 1 shards as format 2, results unchanged', async () => {
    const q = vector(11 * 100 + 1);
    const w = await LoreStore.open(dir, ID);
    const before = await w.store.vectorSearch(q, 10);
    const touched = w.store.shardOf('src/f0.ts');
    await w.store.apply({ upserts: [update('src/f0.ts', 4, 0)], removals: [] });
    const after1 = await formats(dir);
    const v2 = [...after1].filter(([, m]) => m === 'LORESHD2').map(([n]) => Number(n.slice(0, 2)));
    assert.equal(v2.length, 1 + UPGRADES_PER_TRANSACTION, `touched shard ${touched} and ${UPGRADES_PER_TRANSACTION} more: ${v2}`);
    assert.ok(v2.includes(touched));
    for (let i = 0; i < 16 && [...(await formats(dir)).values()].includes('LORESHD1'); i++) await w.store.apply({ upserts: [], removals: [] });
    assert.ok([...(await formats(dir)).values()].every((m) => m === 'LORESHD2'), 'all upgraded after a few transactions');
    assert.deepEqual(await w.store.vectorSearch(q, 10), before);
    assert.equal(w.store.files().size, paths.length);
    await w.store.close();
    forgetVerifiedShards();
    const r = await LoreStore.open(dir, ID, { readOnly: true });
    assert.deepEqual(await r.store.vectorSearch(q, 10), before, 'a new process reads the int8 blocks: same hits and scores');
    await r.store.verify();
    assert.deepEqual(r.store.takeLateDamage(), []);
    assert.deepEqual((await r.store.getChunks([before[0].id]))[0]?.path, before[0].path);
    await r.store.close();
  });

  it('an open whose session can search by vector loads the search rows in the background; others load nothing', async () => {
    const nonEmpty = (await formats(dir)).size;
    const waitLoaded = async (store: LoreStore): Promise<number> => {
      for (let i = 0; i < 200 && store.stats().shardsLoaded < nonEmpty; i++) await new Promise((res) => setTimeout(res, 10));
      return store.stats().shardsLoaded;
    };
    for (const readOnly of [false, true]) {
      const r = await LoreStore.open(dir, ID, { readOnly });
      assert.equal(await waitLoaded(r.store), nonEmpty, `readOnly ${readOnly}: preloaded without a search`);
      assert.equal((await r.store.vectorSearch(vector(3 * 100 + 1), 1))[0]?.path, 'src/f3.ts');
      await r.store.close();
    }
    for (const [identity, why] of [[null, 'no embedder'], [{ model: 'other', dims: DIMS }, 'another model']] as const) {
      const r = await LoreStore.open(dir, identity, { readOnly: true });
      await new Promise((res) => setTimeout(res, 100));
      assert.equal(r.store.stats().shardsLoaded, 0, why);
      await r.store.close();
    }
  });
});
