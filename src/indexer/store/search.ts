import { quantizeQuery } from './quantize';
import type { Shard } from './shard';
import { TopK } from './topK';
import type { ChunkFilter } from './types';

/** Unit-length copy of the query, so scores are cosines whatever the embedder returned. */
export function normalizeQuery(query: Float32Array): Float32Array {
  let sq = 0;
  for (let i = 0; i < query.length; i++) sq += query[i] * query[i];
  const out = new Float32Array(query.length);
  if (sq === 0 || !Number.isFinite(sq)) return out;
  const inv = 1 / Math.sqrt(sq);
  for (let i = 0; i < query.length; i++) out[i] = query[i] * inv;
  return out;
}

/**
 * Brute-force top-k over the int8 rows of loaded shards (exact over the quantized vectors; no
 * approximate index to tune or rebuild). Only live rows (vouched for by the manifest) are candidates.
 */
export function scanShards(shards: Shard[], query: Float32Array, k: number, filter?: ChunkFilter): { id: string; score: number; path: string }[] {
  return scanShardsScored(shards, query, k, filter, []).hits;
}

/** A chunk whose score is wanted; with its file's path only the shard that file lives in is searched. */
export type ScoreTarget = string | { id: string; path: string };

/**
 * scanShards, plus the cosine of each of `scoreIds` (live chunks with a vector; others are left
 * out), read from the same pass: the scan computes every row's dot product anyway. Hybrid fusion
 * uses it to know the vector score of the keyword side's candidates. The filter does not apply to
 * them. A target with a path is looked up in shard `shardOfPath(path)` first (one map lookup
 * instead of one per shard: 100 candidates x 32 shards cost more than the rest of the fusion); one
 * without a path, or that its shard holds no live vector for, in every shard.
 */
export function scanShardsScored(
  shards: Shard[],
  query: Float32Array,
  k: number,
  filter: ChunkFilter | undefined,
  scoreIds: readonly ScoreTarget[],
  shardOfPath?: (path: string) => number,
): { hits: { id: string; score: number; path: string }[]; scores: Map<string, number> } {
  const scores = new Map<string, number>();
  const top = new TopK<number>(k);
  const owners: Shard[] = [];
  const unit = normalizeQuery(query);
  const routed = new Map<number, string[]>();
  const anywhere: string[] = [];
  for (const t of scoreIds) {
    if (typeof t === 'string' || !shardOfPath) anywhere.push(typeof t === 'string' ? t : t.id);
    else {
      const no = shardOfPath(t.path);
      const list = routed.get(no);
      if (list) list.push(t.id);
      else routed.set(no, [t.id]);
    }
  }
  const scored: { shard: Shard; dots: Int32Array; scale: Float32Array; unscale: number }[] = [];
  const scoreIn = (s: (typeof scored)[number], id: string): boolean => {
    const row = s.shard.idToRow.get(id);
    const r = row === undefined || !s.shard.live[row] ? -1 : s.shard.vectorRow(row);
    if (r < 0) return false;
    scores.set(id, s.dots[r] * s.scale[r] * s.unscale);
    return true;
  };
  for (const shard of shards) {
    const vecs = shard.loadedVectors;
    if (!vecs) continue;
    const { q16, unscale } = quantizeQuery(unit, vecs.stride);
    const dots = vecs.dots(q16);
    const scale = vecs.scale;
    const here = { shard, dots, scale, unscale };
    scored.push(here);
    for (const id of routed.get(shard.no) ?? []) if (!scoreIn(here, id)) anywhere.push(id);
    // A filter sees the same (path, kind, language) for all chunks of a file: ask once per combination.
    const verdicts = filter ? new Map<string, boolean>() : undefined;
    const owner = (owners.push(shard) - 1) * 0x100000000; // key = owner * 2^32 + row
    for (let row = 0; row < shard.count; row++) {
      const r = shard.vectorRow(row);
      if (r < 0 || !shard.live[row]) continue;
      const score = dots[r] * scale[r] * unscale;
      if (!(score > top.floor)) continue;
      if (filter && verdicts) {
        const path = shard.pathOf(row);
        const kind = shard.kindOf(row);
        const language = shard.languageOf(row);
        const key = `${kind}\u0000${language}\u0000${path}`;
        let ok = verdicts.get(key);
        if (ok === undefined) verdicts.set(key, (ok = filter({ path, kind, language })));
        if (!ok) continue;
      }
      top.push(score, owner + row);
    }
  }
  // Unrouted targets, and routed ones their shard gave no score: each shard's dots are still in place.
  for (const id of anywhere) for (const here of scored) if (scoreIn(here, id)) break;
  const hits = top.sorted().map(({ key, score }) => {
    const shard = owners[Math.floor(key / 0x100000000)];
    const row = key % 0x100000000;
    return { id: shard.id(row), score, path: shard.pathOf(row) };
  });
  return { hits, scores };
}
