import type { ShardPlan, TransactionPlan } from './transaction';
import { recordsByShard, type LoadedShard } from './storeState';

/**
 * Format 1 shards (no int8 block) rewritten per transaction besides the ones it changes. They stay
 * readable as they are, but their first search quantizes every float32 vector (3 s at 200k chunks
 * for the whole index); a rewrite from their own float32 vectors (no embedder needed) adds the
 * block. One per transaction: at 200k chunks a shard is ~25 MB and a one-file apply() went from
 * ~0.4 s to ~0.9 s with it (1.5 s with two), so one transaction never pays for a whole index.
 */
export const UPGRADES_PER_TRANSACTION = 1;

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
