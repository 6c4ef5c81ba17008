import type { FileHandle } from 'node:fs/promises';
import { QuantizedRows, quantizeRowInto } from './quantize';
import { ShardCorruptError, checksumStep, type ShardLayout, type ShardPrefix } from './shardFormat';

/** Bytes read per step when checking or quantizing a shard's blocks (whole rows each time). */
const LOAD_STEP_BYTES = 1 << 20;

export async function readAt(h: FileHandle, position: number, length: number): Promise<Buffer> {
  // Unpooled: offset 0, so Float32Array views are aligned.
  return readInto(h, Buffer.allocUnsafeSlow(length), position, length);
}

/** Fill the first `length` bytes of `buf` from `position`; returns that part of it. */
export async function readInto(h: FileHandle, buf: Buffer, position: number, length: number): Promise<Buffer> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await h.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new ShardCorruptError('unexpected end of file');
    done += bytesRead;
  }
  return buf.subarray(0, length);
}

/** A buffer for verifyBlocks; one reused for every shard spares 1 MB of garbage per shard. */
export function verifyBuffer(): Buffer {
  return Buffer.allocUnsafeSlow(LOAD_STEP_BYTES);
}

/**
 * Check every block of a shard body (int8 rows, float32 vectors, chunk records) against its
 * checksum, LOAD_STEP_BYTES at a time through one buffer, so the event loop is never held for more
 * than one step's checksum (~0.5 ms). Throws ShardCorruptError; false when `handle()` is gone (the
 * shard was closed meanwhile).
 */
export async function verifyBlocks(
  handle: () => FileHandle | undefined,
  p: ShardPrefix,
  l: ShardLayout,
  buf: Buffer = verifyBuffer(),
): Promise<boolean> {
  const blocks: [number, number, number, string][] = [
    [l.i8Start, l.i8Len, p.i8Crc, 'int8 vector checksum mismatch'],
    [l.vecStart, l.coldStart - l.vecStart, p.vecCrc, 'vector checksum mismatch'],
    [l.coldStart, l.coldLen, p.coldCrc, 'chunk records checksum mismatch'],
  ];
  for (const [at, length, crc, problem] of blocks) {
    let sum = 0;
    for (let done = 0; done < length; done += buf.length) {
      const h = handle();
      if (!h) return false;
      try {
        sum = checksumStep(await readInto(h, buf, at + done, Math.min(buf.length, length - done)), sum);
      } catch (err) {
        if (!handle()) return false; // closed under us
        throw err;
      }
    }
    if (sum !== crc) throw new ShardCorruptError(problem);
  }
  return true;
}

/**
 * Format 2: the stored int8 rows, read straight into the kernel's memory, and their scales beside
 * them, checked by their own checksum: usable at once, while the float32 vectors and chunk records
 * are checked later (verifyBlocks). 200k x 768 dims: 154 MB read instead of 614 MB, no quantizing.
 */
export async function loadInt8Rows(h: FileHandle, p: ShardPrefix, l: ShardLayout): Promise<QuantizedRows> {
  const m = new QuantizedRows(p.vecCount, p.dims);
  if (m.stride !== l.stride) throw new Error(`int8 rows of ${l.stride} bytes, the kernel wants ${m.stride}`);
  const rows = Buffer.from(m.q.buffer, m.q.byteOffset, m.q.byteLength);
  const scales = Buffer.from(m.scale.buffer, m.scale.byteOffset, m.scale.byteLength);
  await Promise.all([readInto(h, rows, l.i8Start, rows.length), readInto(h, scales, l.i8Start + rows.length, scales.length)]);
  if (checksumStep(scales, checksumStep(rows, 0)) !== p.i8Crc) throw new ShardCorruptError('int8 vector checksum mismatch');
  return m;
}

/**
 * Format 1: quantize the float32 vectors (checked by their checksum) into int8 rows. Read in steps
 * of LOAD_STEP_BYTES through one buffer, quantizing as it goes: reading a shard's body whole (25 MB
 * per shard at 200k chunks) left freed blocks of that size that glibc keeps for reuse instead of
 * returning them, so the resident size after loading all shards swung by 100+ MB.
 */
export async function quantizeFloatRows(h: FileHandle, p: ShardPrefix, l: ShardLayout): Promise<QuantizedRows> {
  const rowBytes = p.dims * 4;
  const rowsPerStep = rowBytes > 0 ? Math.max(1, Math.floor(LOAD_STEP_BYTES / rowBytes)) : 1;
  const buf = Buffer.allocUnsafeSlow(Math.max(rowsPerStep * rowBytes, 1));
  const m = new QuantizedRows(p.vecCount, p.dims);
  let vecCrc = 0;
  for (let r = 0; r < p.vecCount; r += rowsPerStep) {
    const n = Math.min(rowsPerStep, p.vecCount - r);
    const part = await readInto(h, buf, l.vecStart + r * rowBytes, n * rowBytes);
    vecCrc = checksumStep(part, vecCrc);
    const floats = new Float32Array(buf.buffer, buf.byteOffset, n * p.dims);
    for (let i = 0; i < n; i++) quantizeRowInto(m, r + i, floats, i * p.dims);
  }
  if (vecCrc !== p.vecCrc) throw new ShardCorruptError('vector checksum mismatch');
  return m;
}
