import type { IndexData, IndexItem } from 'vectra';
import type { Chunk } from '../types';
import type { AtomicFileStorage } from './atomicStorage';
import { asVectraVector, chunkMetadata, type LoreShardCodec } from './shardCodec';
import { WrittenShards } from './writtenShards';

export interface ShardInsert {
  chunk: Chunk;
  vector: Float32Array | undefined;
  embed: string | undefined;
}

export interface RemovedVector {
  embed: string;
  vector: Float32Array;
}

/** Per store (one storage each): the shard versions it wrote last, see WrittenShards. */
const written = new WeakMap<AtomicFileStorage, WrittenShards>();

function writtenShardsOf(storage: AtomicFileStorage): WrittenShards {
  let w = written.get(storage);
  if (!w) written.set(storage, (w = new WrittenShards()));
  return w;
}

function norm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Rewrite one shard file, in vectra's index format through vectra's interfaces (the shard codec
 * encodes vectra IndexData; the atomic, staged FileStorage writes it): drop every item `keep`
 * rejects (removed or replaced chunks, garbage of interrupted transactions), upsert the inserts.
 * `fresh` starts from an empty shard (missing or corrupt file). Returns the vectors of the dropped
 * items, for the embedding cache.
 *
 * The items are merged here in one pass rather than through vectra's LocalIndex: its upsertItem
 * looks each id up with a linear scan of the shard, so a bulk write of n chunks into one shard cost
 * n^2/2 string comparisons (at 200k chunks, 6,000 a shard: most of a full index's store time).
 * The shard this store wrote last is merged into from memory instead of being decoded again.
 */
export async function writeShard(
  shardPath: string,
  keep: (id: string) => boolean,
  inserts: ShardInsert[],
  fresh: boolean,
  storage: AtomicFileStorage,
  codec: LoreShardCodec,
): Promise<RemovedVector[]> {
  storage.lastError = undefined;
  const cache = writtenShardsOf(storage);
  const current: IndexData = fresh
    ? { version: 1, metadata_config: {}, items: [] }
    : (await cache.read(shardPath)) ?? codec.deserializeIndex(await storage.readFile(shardPath));
  const items: IndexItem[] = [];
  const at = new Map<string, number>();
  const removed: RemovedVector[] = [];
  for (const it of current.items) {
    if (keep(it.id)) {
      // A duplicate row (left by an older writer) is dropped: readers only ever use the first.
      if (!at.has(it.id)) at.set(it.id, items.push(it) - 1);
      continue;
    }
    const embed = it.metadata.embed;
    if (typeof embed === 'string' && it.vector.length) removed.push({ embed, vector: Float32Array.from(it.vector) });
  }
  for (const ins of inserts) {
    const v = ins.vector;
    const item: IndexItem = { id: ins.chunk.id, metadata: chunkMetadata(ins.chunk, ins.embed), vector: v ? asVectraVector(v) : [], norm: v ? norm(v) : 0 };
    const i = at.get(item.id);
    if (i === undefined) at.set(item.id, items.push(item) - 1);
    else items[i] = item; // upsert: the later one wins, in the earlier one's place
  }
  const data: IndexData = { version: current.version, metadata_config: current.metadata_config, items };
  const encoded = codec.serializeIndex(data);
  try {
    await storage.upsertFile(shardPath, encoded);
  } catch (err) {
    throw storage.lastError ?? err;
  }
  await cache.remember(shardPath, storage.stagedFile(shardPath) ?? shardPath, data, encoded);
  return removed;
}
