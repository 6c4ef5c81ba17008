/**
 * PendingWrites during a full build (files in shard order): flushes end at shard boundaries, so
 * every shard file is written once, and a batch never grows past HOLD_FACTOR x maxChunks.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { KeywordIndex } from '../../src/indexer/keyword';
import { PendingWrites } from '../../src/indexer/pendingWrites';
import { LoreStore, type FileUpdate } from '../../src/indexer/store';

const DIMS = 8;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function fileUpdate(path: string, chunks: number): { update: FileUpdate; hashes: string[] } {
  const list = Array.from({ length: chunks }, (_, i) => {
    const text = `export const ${path.replace(/\W/g, '_')}_${i} = ${i};`;
    const hash = sha(text);
    return { id: sha(`${path}:${i}:${hash}`).slice(0, 32), path, language: 'typescript', kind: 'code' as const, startLine: i + 1, endLine: i + 1, text, hash };
  });
  const vector = new Float32Array(DIMS).fill(1 / Math.sqrt(DIMS));
  return { update: { file: { path, hash: sha(path), size: 10, mtimeMs: 1 }, chunks: list, vectors: list.map(() => vector) }, hashes: list.map((c) => sha(`e:${c.text}`)) };
}

describe('PendingWrites in shard order', () => {
  let dir: string;
  let store: LoreStore;
  let keyword: KeywordIndex;
  const shardWrites = new Map<string, number>();

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'lore-pending-shards-'));
    shardWrites.clear();
    const faults = { beforeWrite: (p: string): void => void (p.endsWith('.lore') && shardWrites.set(basename(p), (shardWrites.get(basename(p)) ?? 0) + 1)) };
    store = (await LoreStore.open(dir, { model: 'm', dims: DIMS }, { shards: 4, faults })).store;
    keyword = KeywordIndex.empty();
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** 200 files of 2 chunks, sorted by shard as runUpdate sorts a full build; collected as runUpdate does. */
  async function build(maxChunks: number): Promise<{ flushes: number; largest: number }> {
    const files = Array.from({ length: 200 }, (_, i) => fileUpdate(`src/f${i}.ts`, 2));
    files.sort((a, b) => store.shardOf(a.update.file.path) - store.shardOf(b.update.file.path));
    const writes = new PendingWrites(store, keyword, maxChunks, 3_600_000);
    const apply = store.apply.bind(store);
    let flushes = 0;
    let largest = 0;
    store.apply = (changes, signal) => {
      flushes++;
      largest = Math.max(largest, changes.upserts.reduce((n, u) => n + u.chunks.length, 0));
      return apply(changes, signal);
    };
    for (const f of files) {
      writes.upsert(f.update, f.hashes);
      if (writes.due()) await writes.flushInBackground();
    }
    await writes.flush();
    assert.equal(store.files().size, 200);
    assert.equal(store.stats().withVectors, 400);
    assert.equal(keyword.size, 400);
    return { flushes, largest };
  }

  it('flushes whole shards: each shard file is written once', async () => {
    const { flushes } = await build(60); // ~100 chunks a shard: a batch of 60 would end mid-shard
    assert.deepEqual([...shardWrites.values()], [1, 1, 1, 1], `writes per shard: ${JSON.stringify([...shardWrites])}`);
    assert.ok(flushes >= 2, `${flushes} flushes`);
  });

  it('splits a shard larger than HOLD_FACTOR x maxChunks (memory stays bounded)', async () => {
    const { largest } = await build(10);
    assert.ok(largest <= 10 * 4 + 2, `largest batch ${largest} chunks`);
    assert.ok([...shardWrites.values()].some((n) => n > 1), 'big shards are written in several parts');
  });
});
