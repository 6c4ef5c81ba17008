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
export function scanShards(shards: Shard[], query: Float32Array, k: number, filter?: ChunkFilter): { id: string; score: number }[] {
  return scanShardsScored(shards, query, k, filter, []).hits;
}

/**
 * scanShards, plus the cosine of each of `scoreIds` (live chunks with a vector; others are left
 * out), read from the same pass: the scan computes every row's dot product anyway. Hybrid fusion
 * uses it to know the vector score of the keyword side's candidates. The filter does not apply to them.
 */
export function scanShardsScored(
  shards: Shard[],
  query: Float32Array,
  k: number,
  filter: ChunkFilter | undefined,
  scoreIds: readonly string[],
): { hits: { id: string; score: number }[]; scores: Map<string, number> } {
  const scores = new Map<string, number>();
  const top = new TopK<number>(k);
  const owners: Shard[] = [];
  const unit = normalizeQuery(query);
  for (const shard of shards) {
    const vecs = shard.loadedVectors;
    if (!vecs) continue;
    const { q16, unscale } = quantizeQuery(unit, vecs.stride);
    const dots = vecs.dots(q16);
    const scale = vecs.scale;
    for (const id of scoreIds) {
      const row = shard.idToRow.get(id);
      const r = row === undefined || !shard.live[row] ? -1 : shard.vectorRow(row);
      if (r >= 0) scores.set(id, dots[r] * scale[r] * unscale);
    }
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
  const hits = top.sorted().map(({ key, score }) => ({ id: owners[Math.floor(key / 0x100000000)].id(key % 0x100000000), score }));
  return { hits, scores };
}
