import { basename, dirname } from 'node:path';
import type { IndexItem } from 'vectra';
import type { Chunk } from '../types';
import type { AtomicFileStorage } from './atomicStorage';
import { asVectraVector, chunkMetadata, encodeShard, type LoreShardCodec } from './shardCodec';

export interface ShardInsert {
  chunk: Chunk;
  vector: Float32Array | undefined;
  embed: string | undefined;
}

export interface RemovedVector {
  embed: string;
  vector: Float32Array;
}

type Vectra = typeof import('vectra');
let vectra: Promise<Vectra> | undefined;
/** vectra pulls in its NLP stack (~0.5 s to load): only writers pay for it, and only once. */
export function loadVectra(): Promise<Vectra> {
  return (vectra ??= import('vectra'));
}

/**
 * Rewrite one shard through vectra's LocalIndex (our codec and atomic, staged storage): drop every
 * item `keep` rejects (removed or replaced chunks, garbage of interrupted transactions), upsert the
 * inserts. `fresh` starts from an empty shard (missing or corrupt file). Returns the vectors of the
 * dropped items, for the embedding cache.
 */
export async function writeShard(
  shardPath: string,
  keep: (id: string) => boolean,
  inserts: ShardInsert[],
  fresh: boolean,
  storage: AtomicFileStorage,
  codec: LoreShardCodec,
): Promise<RemovedVector[]> {
  const { LocalIndex } = await loadVectra();
  storage.lastError = undefined;
  if (fresh) await storage.upsertFile(shardPath, encodeShard({ version: 1, metadata_config: {}, items: [] }));
  const index = new LocalIndex(dirname(shardPath), basename(shardPath), storage, codec);
  try {
    const existing: IndexItem[] = await index.listItems();
    await index.beginUpdate();
    const removed: RemovedVector[] = [];
    const drop: string[] = [];
    for (const it of existing) {
      if (keep(it.id)) continue;
      drop.push(it.id);
      const embed = it.metadata.embed;
      if (typeof embed === 'string' && it.vector.length) removed.push({ embed, vector: Float32Array.from(it.vector) });
    }
    await index.deleteItems(drop);
    for (const ins of inserts) {
      await index.upsertItem({
        id: ins.chunk.id,
        metadata: chunkMetadata(ins.chunk, ins.embed),
        vector: ins.vector ? asVectraVector(ins.vector) : [],
      });
    }
    await index.endUpdate();
    return removed;
  } catch (err) {
    index.cancelUpdate();
    throw storage.lastError ?? err;
  }
}
