/**
 * Bulk writes (issue 21 item 2): many files per transaction, shards merged in one pass and the
 * shard a store wrote last merged into from memory (WrittenShards). Every chunk and vector must
 * round-trip, and nothing remembered may outlive the file version it describes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalIndex } from 'vectra';
import { LoreStore, type FileUpdate } from '../../src/indexer/store';
import { AtomicFileStorage } from '../../src/indexer/store/atomicStorage';
import { manifestText, type Manifest } from '../../src/indexer/store/manifest';
import { LoreShardCodec, encodeShard } from '../../src/indexer/store/shardCodec';
import { WrittenShards } from '../../src/indexer/store/writtenShards';
import type { Chunk } from '../../src/indexer/types';

const DIMS = 24;
const ID = { model: 'test-embed', dims: DIMS };
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function unitVec(seed: number): Float32Array {
  let a = seed >>> 0;
  const v = new Float32Array(DIMS);
  let sq = 0;
  for (let i = 0; i < DIMS; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    v[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    sq += v[i] * v[i];
  }
  for (let i = 0; i < DIMS; i++) v[i] /= Math.sqrt(sq);
  return v;
}

interface TestFile {
  update: FileUpdate & { vectors: Float32Array[] };
  hashes: string[];
}

/** A file of `n` chunks whose texts and vectors depend on `tag`. */
function file(path: string, n: number, tag: string): TestFile {
  const chunks: Chunk[] = Array.from({ length: n }, (_, i) => {
    const text = `// ${tag} ${path} ${i}\nexport const v${i} = '${tag}';`;
    const hash = sha(text);
    return { id: sha(`${path}:${i}:${hash}`).slice(0, 32), path, language: 'typescript', kind: 'code', startLine: i * 5 + 1, endLine: i * 5 + 4, symbol: i % 2 ? `v${i}` : undefined, text, hash };
  });
  return {
    update: { file: { path, hash: sha(tag + path), size: 50 * n, mtimeMs: 7 }, chunks, vectors: chunks.map((c) => unitVec(parseInt(c.hash.slice(0, 8), 16))) },
    hashes: chunks.map((c) => sha(`embed:${c.text}`)),
  };
}

const files = (prefix: string, count: number, tag: string): TestFile[] => Array.from({ length: count }, (_, i) => file(`${prefix}/f${i}.ts`, 3 + (i % 5), tag));

async function apply(store: LoreStore, add: TestFile[], removals: string[] = []): Promise<void> {
  await store.apply({ upserts: add.map((f) => f.update), removals, embedTextHashes: add.map((f) => f.hashes) });
}

/** Everything `expected` says, read back through a freshly opened store: records, chunks, exact vectors. */
async function assertHolds(dir: string, expected: TestFile[], absent: TestFile[] = []): Promise<void> {
  const { store, damagedFiles } = await LoreStore.open(dir, ID);
  try {
    assert.deepEqual(damagedFiles, []);
    assert.deepEqual([...store.files().keys()].sort(), expected.map((f) => f.update.file.path).sort());
    const ids = expected.flatMap((f) => f.update.chunks.map((c) => c.id));
    const got = await store.getChunks(ids);
    assert.deepEqual(got, expected.flatMap((f) => f.update.chunks));
    assert.equal(store.stats().withVectors, ids.length);
    for (const f of expected) {
      f.hashes.forEach((h, i) => assert.deepEqual(store.cachedVector(h), f.update.vectors[i], `vector of ${f.update.file.path} #${i}`));
    }
    const gone = absent.flatMap((f) => f.update.chunks.map((c) => c.id)).filter((id) => !ids.includes(id));
    assert.deepEqual(await store.getChunks(gone), []);
  } finally {
    await store.close();
  }
}

describe('bulk writes', () => {
  let root: string;
  let n = 0;
  const freshDir = (): string => join(root, `idx${n++}`);
  before(async () => (root = await fs.mkdtemp(join(tmpdir(), 'lore-bulk-'))));
  after(async () => fs.rm(root, { recursive: true, force: true }));

  it('one apply of 600 files (~3,000 chunks) round-trips every chunk and vector', async () => {
    const dir = freshDir();
    const all = files('big', 600, 'a');
    const { store } = await LoreStore.open(dir, ID, { shards: 4 });
    await apply(store, all);
    await store.close();
    await assertHolds(dir, all);
  });

  it('batches into the same shards merge with what earlier batches wrote, replacements and removals included', async () => {
    const dir = freshDir();
    const first = files('p', 200, 'one');
    const second = files('q', 200, 'two');
    const { store } = await LoreStore.open(dir, ID, { shards: 4 });
    await apply(store, first);
    await apply(store, second);
    const replaced = first.slice(0, 50).map((f) => file(f.update.file.path, 6, 'three'));
    const removed = first.slice(50, 80).map((f) => f.update.file.path);
    await apply(store, replaced, removed);
    await store.close();
    await assertHolds(dir, [...replaced, ...first.slice(80), ...second], [...first.slice(0, 80)]);
  });

  it('merges into the shard on disk, not the one it remembers, after another writer replaced it', async () => {
    const dir = freshDir();
    const mine = files('m', 40, 'mine');
    const theirs = files('t', 40, 'theirs');
    const later = files('l', 40, 'later');
    const { store: a } = await LoreStore.open(dir, ID, { shards: 2 });
    await apply(a, mine);
    const { store: b } = await LoreStore.open(dir, ID);
    await apply(b, theirs);
    await b.close();
    await apply(a, later); // both shards were rewritten by b since a wrote them
    await a.close();
    await assertHolds(dir, [...mine, ...theirs, ...later]);
  });

  it('a write failing mid-batch leaves the previous index intact, and the next batch writes over the old version', async () => {
    const dir = freshDir();
    const base = files('b', 120, 'base');
    let failAt = -1;
    let writes = 0;
    const faults = {
      beforeWrite: (p: string): void => {
        if (p.endsWith('.lore') && ++writes === failAt) throw Object.assign(new Error('injected EIO'), { code: 'EIO' });
      },
    };
    const { store } = await LoreStore.open(dir, ID, { shards: 4, faults });
    await apply(store, base);
    const before = await fs.readdir(join(dir, 'shards'));
    writes = 0;
    failAt = 3; // two shards staged, the third fails
    const doomed = [...base.slice(0, 60).map((f) => file(f.update.file.path, 4, 'doomed')), ...files('d', 60, 'doomed')];
    await assert.rejects(apply(store, doomed), /injected EIO/);
    assert.deepEqual(await fs.readdir(join(dir, 'shards')), before, 'no temp files left');
    await assertHolds(dir, base, doomed);
    failAt = -1;
    const next = files('n', 60, 'next');
    await apply(store, next);
    await store.close();
    await assertHolds(dir, [...base, ...next], doomed);
  });
});

describe('WrittenShards', () => {
  let root: string;
  before(async () => (root = await fs.mkdtemp(join(tmpdir(), 'lore-written-'))));
  after(async () => fs.rm(root, { recursive: true, force: true }));
  const data = (text: string) => ({
    version: 1, metadata_config: {},
    items: [{ id: 'x', norm: 1, vector: Array.from(unitVec(1)), metadata: { path: 'a.ts', kind: 'code', language: 'typescript', startLine: 1, endLine: 2, hash: sha(text), text } }],
  });

  it('hits only while the file is the version it remembered', async () => {
    const path = join(root, '00.lore');
    const storage = new AtomicFileStorage();
    const cache = new WrittenShards();
    const d = data('one');
    const bytes = encodeShard(d);
    await storage.upsertFile(path, bytes);
    await cache.remember(path, path, d, bytes);
    assert.equal(await cache.read(path), d);
    await storage.upsertFile(path, encodeShard(data('two'))); // replaced by another version of the same size
    assert.equal(await cache.read(path), undefined);
    assert.equal(cache.size, 0, 'a stale entry is forgotten');
  });

  it('a staged write that is aborted is never used', async () => {
    const path = join(root, '01.lore');
    const storage = new AtomicFileStorage();
    const cache = new WrittenShards();
    await storage.upsertFile(path, encodeShard(data('old')));
    storage.beginStaging();
    const d = data('new');
    const bytes = encodeShard(d);
    await storage.upsertFile(path, bytes);
    await cache.remember(path, storage.stagedFile(path) ?? '', d, bytes);
    await storage.abortStaged();
    assert.equal(await cache.read(path), undefined);
  });

  it('forgets everything a while after the last write (no memory kept by an idle store)', async () => {
    const path = join(root, '02.lore');
    const cache = new WrittenShards(undefined, 50);
    const d = data('idle');
    const bytes = encodeShard(d);
    await new AtomicFileStorage().upsertFile(path, bytes);
    await cache.remember(path, path, d, bytes);
    assert.equal(cache.size, 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(cache.size, 0);
    assert.equal(await cache.read(path), undefined);
  });

  it('keeps within its byte bound, least recently used out', async () => {
    const cache = new WrittenShards(40_000); // room for one entry (3 items of 5,000 chars: ~31 KB)
    const big = (text: string) => ({ ...data(text), items: Array.from({ length: 3 }, (_, i) => ({ ...data(text).items[0], id: `x${i}`, metadata: { ...data(text).items[0].metadata, text: text.repeat(5000) } })) });
    for (const name of ['a', 'b']) {
      const path = join(root, `${name}.lore`);
      const d = big(name);
      const bytes = encodeShard(d);
      await new AtomicFileStorage().upsertFile(path, bytes);
      await cache.remember(path, path, d, bytes);
    }
    assert.equal(cache.size, 1);
    assert.equal(await cache.read(join(root, 'a.lore')), undefined);
    assert.ok(await cache.read(join(root, 'b.lore')));
  });
});

describe('AtomicFileStorage staging', () => {
  it('renames nothing unless every staged file could be made durable first', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'lore-staging-'));
    try {
      const a = join(dir, 'a.lore');
      const b = join(dir, 'b.lore');
      await fs.writeFile(a, 'old a');
      const storage = new AtomicFileStorage();
      storage.beginStaging();
      await storage.upsertFile(a, 'new a');
      await storage.upsertFile(b, 'new b');
      await fs.rm(storage.stagedFile(b) ?? ''); // its fsync at commit now fails
      await assert.rejects(storage.commitStaged(), /ENOENT/);
      assert.equal(await fs.readFile(a, 'utf8'), 'old a');
      await storage.abortStaged();
      assert.deepEqual(await fs.readdir(dir), ['a.lore']);
      storage.beginStaging();
      await storage.upsertFile(b, 'new b');
      await storage.commitStaged();
      assert.equal(await fs.readFile(b, 'utf8'), 'new b');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('shards written by the bulk path', () => {
  it('are still vectra indexes: LocalIndex with the shard codec lists every item', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'lore-bulk-vectra-'));
    try {
      const all = files('v', 30, 'vectra');
      const { store } = await LoreStore.open(dir, ID, { shards: 1 });
      await apply(store, all);
      await store.close();
      const index = new LocalIndex(join(dir, 'shards'), '00.lore', new AtomicFileStorage(), new LoreShardCodec());
      const items = await index.listItems();
      assert.deepEqual(items.map((it) => it.id).sort(), all.flatMap((f) => f.update.chunks.map((c) => c.id)).sort());
      const byId = new Map(items.map((it) => [it.id, it]));
      for (const f of all) f.update.chunks.forEach((c, i) => assert.deepEqual(Float32Array.from(byId.get(c.id)?.vector ?? []), f.update.vectors[i]));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('manifestText', () => {
  const plain = (m: Manifest): string => JSON.stringify({
    schema: m.schema, model: m.model, dims: m.dims, shards: m.shards,
    files: [...m.files.values()].map((f) => [f.path, f.hash, f.size, f.mtimeMs, f.vectors ? 1 : 0, f.chunkIds]),
  });

  it('is the manifest JSON byte for byte, also after a record lost its vectors (rows are cached)', () => {
    const a = { path: 'a "quoted".ts', hash: 'h1', size: 10, mtimeMs: 1.5, vectors: true, chunkIds: ['x', 'y'] };
    const b = { path: 'dir/b.ts', hash: 'h2', size: 0, mtimeMs: 2, vectors: false, chunkIds: [] };
    const m: Manifest = { schema: 1, model: 'm', dims: 8, shards: 4, files: new Map([[a.path, a], [b.path, b]]) };
    assert.equal(manifestText(m), plain(m));
    a.vectors = false; // what reconcile does to a record whose shard lost vectors
    assert.equal(manifestText(m), plain(m));
    const empty: Manifest = { schema: 1, model: null, dims: 0, shards: 32, files: new Map() };
    assert.equal(manifestText(empty), plain(empty));
  });
});
