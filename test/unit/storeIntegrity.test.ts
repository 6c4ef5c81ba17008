import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoreStore, IndexLayoutError, forgetVerifiedShards, type FileUpdate } from '../../src/indexer/store';
import type { Chunk } from '../../src/indexer/types';

const DIMS = 8;
const ID = { model: 'test-embed', dims: DIMS };
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

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

  it('a flipped byte in a shard body is found at open (verified once per file version) and reported per shard', async () => {
    const dir = join(root, 'flip');
    const w = await LoreStore.open(dir, ID);
    await w.store.apply({ upserts: ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((p) => update(p, 5)), removals: [] });
    await w.store.close();
    const shards = join(dir, 'shards');
    const name = (await fs.readdir(shards)).find((n) => n.endsWith('.lore')) as string;
    const b = await fs.readFile(join(shards, name));
    b[b.length >> 1] ^= 0x10;
    await fs.writeFile(join(shards, name), b);
    forgetVerifiedShards(); // as a new process would
    const r = await LoreStore.open(dir, ID, { readOnly: true });
    assert.equal(r.damage.length, 1);
    assert.match(r.damage[0].problem, /checksum mismatch/);
    assert.ok(r.damage[0].files.length > 0);
    assert.deepEqual(r.damagedFiles.sort(), r.damage[0].files.sort());
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
