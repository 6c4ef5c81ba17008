/**
 * Search copy of a shard's vectors: one int8 row per vector plus a per-row scale, a quarter of
 * float32's memory (200k x 768 dims: 154 MB instead of 614 MB, which alone would break the 500 MB
 * budget). Each row is scaled by its own max |component|, so the dot product with a unit query is
 * within ~1e-3 of the exact cosine: enough to rank, and exact vectors stay on disk for the cache.
 */
export interface QuantizedRows {
  rows: number;
  dims: number;
  q: Int8Array;
  /** Multiplying a row's int8 dot product by this gives the cosine (norm folded in). */
  scale: Float32Array;
}

export function quantizeRows(floats: Float32Array, rows: number, dims: number): QuantizedRows {
  const q = new Int8Array(rows * dims);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * dims;
    let max = 0;
    let sq = 0;
    for (let j = 0; j < dims; j++) {
      const v = floats[o + j];
      const a = v < 0 ? -v : v;
      if (a > max) max = a;
      sq += v * v;
    }
    if (max === 0 || !Number.isFinite(max)) continue; // zero/invalid vector: scale 0, never ranks
    const k = 127 / max;
    for (let j = 0; j < dims; j++) q[o + j] = Math.round(floats[o + j] * k);
    scale[r] = max / 127 / Math.sqrt(sq);
  }
  return { rows, dims, q, scale };
}

/** int8 row . float query; four accumulators let V8 overlap the multiply-adds. */
export function dotRow(q: Int8Array, o: number, query: Float32Array, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < dims; j += 4) {
    s0 += query[j] * q[o + j];
    s1 += query[j + 1] * q[o + j + 1];
    s2 += query[j + 2] * q[o + j + 2];
    s3 += query[j + 3] * q[o + j + 3];
  }
  for (; j < dims; j++) s0 += query[j] * q[o + j];
  return s0 + s1 + s2 + s3;
}
