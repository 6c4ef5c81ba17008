import type { ShardInsert } from './shardWriter';
import { recordsByShard, shardOf } from './storeState';
import type { FileRecord, StoreChanges } from './types';

/** What one shard must become: keep these existing ids, upsert these chunks. */
export interface ShardPlan {
  no: number;
  keep: Set<string>;
  inserts: ShardInsert[];
}

export interface TransactionPlan {
  files: Map<string, FileRecord>;
  shards: ShardPlan[];
  /** Embedding keys of everything inserted: their vectors stay live, no need to cache them as removed. */
  insertedEmbeds: Set<string>;
}

/**
 * Check a change set before anything is written, so a bad call can never leave half a transaction.
 * dims: the index's vector length, or 0 for a keyword-only index (then vectors are refused).
 */
export function validateChanges(changes: StoreChanges, dims: number): void {
  const hashes = changes.embedTextHashes;
  if (hashes && hashes.length !== changes.upserts.length) throw new Error('embedTextHashes must align with upserts');
  changes.upserts.forEach((u, i) => {
    const where = `upsert of ${u.file.path}`;
    for (const c of u.chunks) if (c.path !== u.file.path) throw new Error(`${where}: chunk ${c.id} has path ${c.path}`);
    if (hashes && hashes[i].length !== u.chunks.length) throw new Error(`${where}: embedTextHashes must align with chunks`);
    if (!u.vectors) return;
    if (!dims) throw new Error(`${where}: the index has no embedding model yet (open it with one or call setIdentity)`);
    if (u.vectors.length !== u.chunks.length) throw new Error(`${where}: ${u.vectors.length} vectors for ${u.chunks.length} chunks`);
    for (const v of u.vectors) if (v.length !== dims) throw new Error(`${where}: vector of ${v.length} dims, index has ${dims}`);
  });
}

/**
 * The manifest and shard contents after applying `changes` to `files`: removals first, then
 * upserts (a later upsert of the same path wins). A keyword-only upsert (vectors null) takes
 * vectors from the embedding cache where it can, so an unchanged chunk keeps its vector.
 */
export function planChanges(
  files: ReadonlyMap<string, FileRecord>,
  changes: StoreChanges,
  shardCount: number,
  cached: (embedHash: string) => Float32Array | undefined,
): TransactionPlan {
  const next = new Map(files);
  const touched = new Map<number, ShardPlan>();
  const touch = (path: string): ShardPlan => {
    const no = shardOf(path, shardCount);
    let p = touched.get(no);
    if (!p) touched.set(no, (p = { no, keep: new Set(), inserts: [] }));
    return p;
  };
  for (const path of changes.removals) {
    next.delete(path);
    touch(path);
  }
  const last = new Map<string, number>();
  changes.upserts.forEach((u, i) => last.set(u.file.path, i));
  const insertedEmbeds = new Set<string>();
  for (const [path, i] of last) {
    const u = changes.upserts[i];
    const plan = touch(path);
    const hashes = changes.embedTextHashes?.[i];
    const ids: string[] = [];
    const seen = new Set<string>();
    let allVectors = true;
    u.chunks.forEach((chunk, j) => {
      if (seen.has(chunk.id)) return; // a chunker never repeats an id; if one does, keep the first
      seen.add(chunk.id);
      ids.push(chunk.id);
      const embed = hashes?.[j];
      const vector = u.vectors?.[j] ?? (embed !== undefined ? cached(embed) : undefined);
      if (!vector) allVectors = false;
      if (embed !== undefined) insertedEmbeds.add(embed);
      plan.inserts.push({ chunk, vector, embed });
    });
    const { path: p, hash, size, mtimeMs } = u.file;
    next.set(path, { path: p, hash, size, mtimeMs, chunkIds: ids, vectors: allVectors });
  }
  const byShard = recordsByShard(next, shardCount);
  for (const plan of touched.values()) {
    const inserted = new Set(plan.inserts.map((ins) => ins.chunk.id));
    for (const rec of byShard[plan.no]) for (const id of rec.chunkIds) if (!inserted.has(id)) plan.keep.add(id);
  }
  return { files: next, shards: [...touched.values()].sort((a, b) => a.no - b.no), insertedEmbeds };
}
