import type { ShardPlan, TransactionPlan } from './transaction';
import { recordsByShard, type LoadedShard } from './storeState';

/**
 * Format 1 shards (no int8 block) rewritten per transaction besides the ones it changes. They stay
 * readable as they are, but their first search quantizes every float32 vector (seconds at 200k
 * chunks); a rewrite from their own float32 vectors (no embedder needed) adds the block. Bounded,
 * so one transaction never pays for a whole index: ~25 MB per shard at 200k chunks.
 */
export const UPGRADES_PER_TRANSACTION = 2;

/** Plans that rewrite up to UPGRADES_PER_TRANSACTION untouched format 1 shards unchanged (as format 2). */
export function formatUpgrades(loaded: readonly LoadedShard[], plan: TransactionPlan, shards: number): ShardPlan[] {
  const touched = new Set(plan.shards.map((sp) => sp.no));
  const old = loaded.filter((l) => !l.corrupt && l.shard.count > 0 && !l.shard.hasInt8Block && !touched.has(l.shard.no));
  if (!old.length) return [];
  const byShard = recordsByShard(plan.files, shards);
  return old.slice(0, UPGRADES_PER_TRANSACTION).map((l) => ({
    no: l.shard.no,
    keep: new Set(byShard[l.shard.no].flatMap((r) => r.chunkIds)),
    inserts: [],
  }));
}
