import { ShardCorruptError } from './shardFormat';
import type { LoadedShard } from './storeState';

/** Shards whose vectors load at once (format 1 shards quantize through a 1 MB buffer each). */
const LOADS_IN_FLIGHT = 4;

/**
 * Load the vectors of every shard in `loaded`, LOADS_IN_FLIGHT at a time: int8 blocks are read
 * straight into their final memory (no transient buffers), so overlapping one shard's read (thread
 * pool) with another's checksum (this thread) costs no memory, and the first search takes about
 * the larger of the two instead of their sum. A shard found corrupt now goes to `drop`, like one
 * found at open; other errors (and corrupt shards `drop` refuses: replaced meanwhile) are thrown.
 */
export async function loadShardVectors(loaded: readonly LoadedShard[], drop: (l: LoadedShard, err: ShardCorruptError) => boolean): Promise<void> {
  const todo = loaded.filter((l) => !l.corrupt && !l.shard.vectorsLoaded);
  const next = async (): Promise<void> => {
    for (let l = todo.shift(); l; l = todo.shift()) {
      try {
        await l.shard.loadVectors();
      } catch (err) {
        if (!(err instanceof ShardCorruptError) || !drop(l, err)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: LOADS_IN_FLIGHT }, next));
}
