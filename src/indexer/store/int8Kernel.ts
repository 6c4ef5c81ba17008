/**
 * A 200-byte WebAssembly SIMD kernel for the search hot loop: dot products of one int16 query with
 * every int8 row of a shard. Plain JS manages ~1 multiply-add per ns (50k x 768 dims = 35 ms on
 * one core, over the 40 ms p50 budget once anything else runs); the kernel does 16 per step with
 * i32x4.dot_i16x8_s, ~5x faster. Hand-assembled because it is tiny and pulling in a WAT toolchain
 * for it is not worth a dependency; the equivalent text format:
 *
 *   (func (export "scan") (param $q i32) (param $m i32) (param $rows i32) (param $stride i32) (param $out i32)
 *     (local $r i32) (local $j i32) (local $acc v128) (local $v v128)
 *     for r < rows:                                     ;; rows of `stride` bytes, stride % 16 == 0
 *       acc = 0; for j < stride step 16:
 *         v = v128.load(m + j)
 *         acc += i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(v),  v128.load(q + 2j))
 *         acc += i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(v), v128.load(q + 2j + 16))
 *       i32.store(out + 4r, sum of acc lanes); m += stride
 *
 * Overflow is impossible: |q| <= 32767, |row| <= 127, and at most 2^16 / 4 products per lane.
 * When WebAssembly SIMD is unavailable, callers fall back to `scanRowsJs` (same results).
 */
const hex = (s: string): number[] => s.trim().split(/\s+/).map((x) => parseInt(x, 16));

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];

function kernelBytes(): Uint8Array<ArrayBuffer> {
  const body = [
    ...hex('02 02 7f 02 7b'), // locals: 2 x i32 (r, j), 2 x v128 (acc, v)
    ...hex('02 40 03 40'), // block loop (rows)
    ...hex('20 05 20 02 4f 0d 01'), // if r >= rows break
    ...hex('fd 0c'), ...new Array<number>(16).fill(0), ...hex('21 07'), // acc = 0
    ...hex('41 00 21 06'), // j = 0
    ...hex('02 40 03 40'), // block loop (dims)
    ...hex('20 06 20 03 4f 0d 01'), // if j >= stride break
    ...hex('20 01 20 06 6a fd 00 00 00 21 08'), // v = load(m + j)
    ...hex('20 07'), // acc
    ...hex('20 08 fd 87 01'), // extend_low_s(v)
    ...hex('20 00 20 06 41 01 74 6a fd 00 00 00'), // load(q + 2j)
    ...hex('fd ba 01 fd ae 01'), // dot, add
    ...hex('20 08 fd 88 01'), // extend_high_s(v)
    ...hex('20 00 20 06 41 01 74 6a fd 00 00 10'), // load(q + 2j + 16)
    ...hex('fd ba 01 fd ae 01 21 07'), // dot, add, acc =
    ...hex('20 06 41 10 6a 21 06'), // j += 16
    ...hex('0c 00 0b 0b'), // continue; end loop, block
    ...hex('20 04 20 05 41 02 74 6a'), // out + 4r
    ...hex('20 07 fd 1b 00 20 07 fd 1b 01 6a 20 07 fd 1b 02 6a 20 07 fd 1b 03 6a'), // lane sum
    ...hex('36 02 00'), // i32.store
    ...hex('20 01 20 03 6a 21 01'), // m += stride
    ...hex('20 05 41 01 6a 21 05'), // r++
    ...hex('0c 00 0b 0b 0b'), // continue; end loop, block, func
  ];
  return new Uint8Array([
    ...hex('00 61 73 6d 01 00 00 00'),
    ...section(1, hex('01 60 05 7f 7f 7f 7f 7f 00')), // type (i32 x5) -> ()
    ...section(3, hex('01 00')),
    ...section(5, hex('01 00 01')), // memory, 1 page minimum
    ...section(7, [2, 3, ...Buffer.from('mem'), 2, 0, 4, ...Buffer.from('scan'), 0, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is not available. */
export function int8Kernel(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = kernelBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

export interface KernelExports {
  mem: WebAssembly.Memory;
  scan(q: number, m: number, rows: number, stride: number, out: number): void;
}

/** Same arithmetic as the kernel, in plain JS. */
export function scanRowsJs(q: Int16Array, m: Int8Array, rows: number, stride: number, out: Int32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * stride;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < stride; j += 4) {
      s0 += q[j] * m[o + j];
      s1 += q[j + 1] * m[o + j + 1];
      s2 += q[j + 2] * m[o + j + 2];
      s3 += q[j + 3] * m[o + j + 3];
    }
    out[r] = s0 + s1 + s2 + s3;
  }
}
