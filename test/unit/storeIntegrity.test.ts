import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoreStore, IndexLayoutError, forgetVerifiedShards, type FileUpdate } from '../../src/indexer/store';
import type { Chunk } from '../../src/indexer/types';
import { layoutOf, readPrefix, type ShardLayout } from '../../src/indexer/store/shardFormat';

const DIMS = 8;
const ID = { model: 'test-embed', dims: DIMS };
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const embedKey = (chunkId: string): string => sha(`embed:${chunkId}`);

function update(path: string, n: number): FileUpdate {
  const chunks: Chunk[] = Array.from({ length: n }, (_, i) => {
    const text = `function ${path.replace(/\W/g, '_')}_${i}() { return ${i}; }`.repeat(20);
    return { id: sha(`${path}:${i}`).slice(0, 32), path, language: 'typescript', kind: 'code', startLine: i + 1, endLine: i + 1, text, hash: sha(text) };
  });
  const vectors = chunks.map((_, i) => Float32Array.from({ length: DIMS }, (_, d) => (d === i % DIMS ? 1 : 0.01)));
  return { file: { path, hash: sha(path), size: 10, mtimeMs: 1 }, chunks, vectors };
}

async function filesOf(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath, e.name);
    out.set(p, e.isFile() ? sha((await fs.readFile(p)).toString('latin1')) : 'dir');
  }
  return out;
}

describe('store integrity (issue 16)', () => {
  let root: string;
  before(async () => (root = await fs.mkdtemp(join(tmpdir(), 'lore-integrity-'))));
  after(async () => fs.rm(root, { recursive: true, force: true }));

  it('a disk-full error names the index directory and how much the write needed', async () => {
    const dir = join(root, 'full');
    const enospc = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const { store } = await LoreStore.open(dir, ID, { faults: { beforeWrite: (p) => (p.endsWith('.lore') ? enospc() : undefined) } });
    await assert.rejects(store.apply({ upserts: [update('a.ts', 3), update('b.ts', 2)], removals: [] }), (err: Error) => {
      assert.match(err.message, /no space left on device/);
      assert.ok(err.message.includes(dir), `names the index directory: ${err.message}`);
      assert.match(err.message, /needed about \d+(\.\d)? (bytes|KiB|MiB)/, err.message);
      assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
      return true;
    });
    await store.close();
  });

  it('a read-only open of another identity changes nothing and keeps every file', async () => {
    const dir = join(root, 'ro');
    const w = await LoreStore.open(dir, ID);
    await w.store.apply({ upserts: [update('a.ts', 3), update('b.ts', 4)], removals: [] });
    await w.store.close();
    const before = await filesOf(dir);
    for (const id of [{ model: 'other', dims: DIMS }, { model: ID.model, dims: DIMS * 2 }, null]) {
      const r = await LoreStore.open(dir, id, { readOnly: true });
      assert.equal(r.rebuilt, false);
      assert.equal(r.store.files().size, 2, 'served as it is');
      assert.equal((await r.store.getChunks([update('a.ts', 3).chunks[0].id])).length, 1);
      if (id) assert.match(r.mismatch ?? '', /built with test-embed, not other|holds 8-dim/);
      await assert.rejects(r.store.apply({ upserts: [], removals: ['a.ts'] }), /read-only/);
      await r.store.close();
    }
    assert.deepEqual(await filesOf(dir), before);
    const none = await LoreStore.open(join(root, 'missing'), ID, { readOnly: true });
    assert.equal(none.store.files().size, 0);
    await none.store.close();
    await assert.rejects(fs.stat(join(root, 'missing')), 'a read does not create the directory');
  });

  /** A store of 4 files in 4 shards, one of whose shard files gets `damage` (given the shard's layout). */
  async function damaged(name: string, at: (l: ShardLayout) => number): Promise<{ dir: string; victim: string[] }> {
    const dir = join(root, name);
    const w = await LoreStore.open(dir, ID);
    const ups = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((p) => update(p, 5));
    await w.store.apply({ upserts: ups, removals: [], embedTextHashes: ups.map((u) => u.chunks.map((c) => embedKey(c.id))) });
    const file = join(dir, 'shards', `${String(w.store.shardOf('a.ts')).padStart(2, '0')}.lore`);
    const victim = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].filter((p) => w.store.shardOf(p) === w.store.shardOf('a.ts'));
    await w.store.close();
    const b = await fs.readFile(file);
    b[at(layoutOf(readPrefix(b, b.length)))] ^= 0x10;
    await fs.writeFile(file, b);
    forgetVerifiedShards(); // as a new process would
    return { dir, victim };
  }

  it('a flipped byte in the float32 vectors or chunk records: the open and search go on, verify() finds it and reports the shard', async () => {
    for (const [what, at] of [['vectors', (l: ShardLayout) => l.vecStart + 3], ['records', (l: ShardLayout) => l.coldStart + l.coldLen - 5]] as const) {
      const { dir, victim } = await damaged(`flip-${what}`, at);
      const before = await filesOf(dir);
      const r = await LoreStore.open(dir, ID, { readOnly: true });
      assert.deepEqual(r.damage, [], 'the open reads only headers');
      assert.equal((await r.store.vectorSearch(update('a.ts', 5).vectors?.[1] as Float32Array, 3)).length, 3, 'the int8 rows are intact: search answers');
      await r.store.verify();
      const late = r.store.takeLateDamage();
      assert.equal(late.length, 1, what);
      assert.match(late[0].problem, what === 'vectors' ? /^corrupt shard: vector checksum mismatch/ : /chunk records checksum mismatch/);
      assert.deepEqual(late[0].files.sort(), victim);
      assert.deepEqual(r.store.takeDamagedFiles().sort(), victim);
      assert.equal(r.store.getFile('a.ts'), undefined, 'its files are dropped until re-indexed');
      await r.store.close();
      assert.deepEqual(await filesOf(dir), before, 'a read-only store wrote nothing');
    }
  });

  it('a flipped byte in the int8 rows is found by the first vector search; the next write re-indexes nothing silently', async () => {
    const { dir, victim } = await damaged('flip-int8', (l) => l.i8Start + 7);
    const r = await LoreStore.open(dir, ID);
    assert.deepEqual(r.damage, []);
    const hits = await r.store.vectorSearch(update('a.ts', 5).vectors?.[1] as Float32Array, 20);
    assert.ok(hits.every((h) => !victim.includes(h.path)), 'the damaged shard answers nothing');
    assert.match(r.store.takeLateDamage()[0]?.problem ?? '', /int8 vector checksum mismatch/);
    assert.deepEqual(r.store.takeDamagedFiles().sort(), victim);
    // Re-index the lost files: the shard is written anew and passes every check.
    await r.store.apply({ upserts: victim.map((p) => update(p, 5)), removals: [] });
    await r.store.close();
    forgetVerifiedShards();
    const again = await LoreStore.open(dir, ID, { readOnly: true });
    await again.store.verify();
    assert.deepEqual(again.store.takeLateDamage(), []);
    assert.equal(again.store.files().size, 4);
    await again.store.close();
  });

  it('a write waits for verification: damage in the float32 vectors never reaches the embedding cache or a new shard', async () => {
    const { dir, victim } = await damaged('flip-write', (l) => l.vecStart + 5);
    const r = await LoreStore.open(dir, ID);
    const healthy = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].find((p) => !victim.includes(p)) as string;
    const key = (p: string): string => embedKey(update(p, 5).chunks[1].id);
    // Not verified yet: the cache hands out no stored vector at all.
    assert.equal(r.store.cachedVector(key(victim[0])), undefined);
    assert.equal(r.store.cachedVector(key(healthy)), undefined);
    await r.store.apply({ upserts: [update('e.ts', 2)], removals: [] });
    assert.deepEqual(r.store.takeDamagedFiles().sort(), victim, 'found before the transaction, queued for re-indexing');
    assert.equal(r.store.getFile(victim[0]), undefined);
    assert.deepEqual(Array.from(r.store.cachedVector(key(healthy)) ?? []), Array.from(update(healthy, 5).vectors?.[1] ?? []), 'verified: served');
    assert.equal(r.store.cachedVector(key(victim[0])), undefined, 'the damaged shard was dropped');
    await r.store.close();
  });

  it('a wrong layout: reads throw IndexLayoutError and change nothing; a write open moves it aside and rebuilds', async () => {
    const dir = join(root, 'layout');
    const w = await LoreStore.open(dir, ID);
    await w.store.apply({ upserts: [update('a.ts', 2)], removals: [] });
    await w.store.close();
    await fs.rm(join(dir, 'manifest.json'));
    await fs.mkdir(join(dir, 'manifest.json'));
    const before = await filesOf(dir);
    await assert.rejects(LoreStore.open(dir, ID, { readOnly: true }), IndexLayoutError);
    assert.deepEqual(await filesOf(dir), before);
    const fixed = await LoreStore.open(dir, ID);
    assert.equal(fixed.rebuilt, true);
    assert.match(fixed.reason ?? '', /manifest\.json is a directory: moved it aside/);
    assert.ok((await fs.readdir(dir)).some((n) => n.startsWith('manifest.json.broken-')));
    await fixed.store.apply({ upserts: [update('a.ts', 2)], removals: [] });
    await fixed.store.close();
  });
});
