import { int8Kernel, scanRowsJs, type KernelExports } from './int8Kernel';

export const align16 = (n: number): number => (n + 15) & ~15;

/**
 * Search copy of a shard's vectors: one int8 row per vector plus a per-row scale, a quarter of
 * float32's memory (200k x 768 dims: 154 MB instead of 614 MB, which alone would break the 500 MB
 * budget). Each row is scaled by its own max |component| and the query by its own, so a score is
 * within ~1e-3 of the exact cosine: enough to rank; exact vectors stay on disk for the cache.
 *
 * Rows live in the linear memory of their own instance of the SIMD kernel (int8Kernel.ts), laid out
 * as [query int16 x stride][scores int32 x rows][rows int8 x stride]; without SIMD, or if the
 * engine refuses another wasm memory, in a plain ArrayBuffer scanned by JS.
 */
export class QuantizedRows {
  /** Row length in bytes: dims rounded up to 16 for the kernel (padding is zero). */
  readonly stride: number;
  readonly q: Int8Array;
  /** Multiplying a row's integer dot product by scale[row] / query scale gives the cosine. */
  readonly scale: Float32Array;
  private readonly query: Int16Array;
  private readonly out: Int32Array;
  private readonly kernel: KernelExports | undefined;
  private readonly outOff: number;
  private readonly mOff: number;

  constructor(readonly rows: number, readonly dims: number) {
    this.stride = align16(dims);
    this.outOff = align16(2 * this.stride);
    this.mOff = align16(this.outOff + 4 * rows);
    const bytes = this.mOff + rows * this.stride;
    let buffer: ArrayBuffer;
    const module = int8Kernel();
    try {
      if (!module) throw new Error('no SIMD');
      const kernel = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
      const pages = Math.ceil(bytes / 65536);
      if (pages > 1) kernel.mem.grow(pages - 1);
      buffer = kernel.mem.buffer;
      this.kernel = kernel;
    } catch {
      buffer = new ArrayBuffer(bytes); // JS fallback: same layout, same results, ~5x slower
    }
    this.query = new Int16Array(buffer, 0, this.stride);
    this.out = new Int32Array(buffer, this.outOff, rows);
    this.q = new Int8Array(buffer, this.mOff, rows * this.stride);
    this.scale = new Float32Array(rows);
  }

  get simd(): boolean {
    return this.kernel !== undefined;
  }

  /** Integer dot product of every row with an int16 query; the result is reused by the next call. */
  dots(query16: Int16Array): Int32Array {
    this.query.set(query16);
    if (this.kernel) this.kernel.scan(0, this.mOff, this.rows, this.stride, this.outOff);
    else scanRowsJs(this.query, this.q, this.rows, this.stride, this.out);
    return this.out;
  }
}

/** Quantize one float row (src[off..off+dims)) into row r of m. */
export function quantizeRowInto(m: QuantizedRows, r: number, src: Float32Array, off: number): void {
  m.scale[r] = quantizeRow(src, off, m.dims, m.q, r * m.stride);
}

/**
 * Quantize src[off..off+dims) into q[at..at+dims) (left as it is for a zero or invalid vector) and
 * return the row's scale (0 then: it never ranks). The shard writer stores exactly these bytes, so
 * rows loaded from a file and rows quantized from its float32 vectors are the same.
 */
export function quantizeRow(src: Float32Array, off: number, dims: number, q: Int8Array, at: number): number {
  let max = 0;
  let sq = 0;
  for (let j = 0; j < dims; j++) {
    const v = src[off + j];
    const a = Math.abs(v); // a third quicker than a conditional negation here (V8, Node 20)
    if (a > max) max = a;
    sq += v * v;
  }
  if (max === 0 || !Number.isFinite(max)) return 0;
  const k = 127 / max;
  for (let j = 0; j < dims; j++) q[at + j] = Math.round(src[off + j] * k);
  return max / 127 / Math.sqrt(sq);
}

export function quantizeRows(floats: Float32Array, rows: number, dims: number): QuantizedRows {
  const m = new QuantizedRows(rows, dims);
  for (let r = 0; r < rows; r++) quantizeRowInto(m, r, floats, r * dims);
  return m;
}

/** Copy row `from` of `src` into row `to` of `dst` (same dims). */
export function copyRow(src: QuantizedRows, from: number, dst: QuantizedRows, to: number): void {
  dst.q.set(src.q.subarray(from * src.stride, (from + 1) * src.stride), to * dst.stride);
  dst.scale[to] = src.scale[from];
}

/** int16 copy of a unit query (padded to `stride`) and the factor that undoes its scaling. */
export function quantizeQuery(query: Float32Array, stride: number): { q16: Int16Array; unscale: number } {
  let max = 0;
  for (let i = 0; i < query.length; i++) max = Math.max(max, Math.abs(query[i]));
  const q16 = new Int16Array(stride);
  if (max === 0 || !Number.isFinite(max)) return { q16, unscale: 0 };
  const k = 32767 / max;
  for (let i = 0; i < query.length; i++) q16[i] = Math.round(query[i] * k);
  return { q16, unscale: 1 / k };
}
