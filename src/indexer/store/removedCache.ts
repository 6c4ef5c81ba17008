import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { atomicWriteFile } from '../../util/atomicFile';
import { align4 } from './shardFormat';

export const REMOVED_CACHE_FILE = 'removed-vectors.bin';
const MAGIC = Buffer.from('LORERVC1', 'latin1');

/**
 * Vectors of chunks that recently left the index (edited away, file deleted or renamed, branch
 * switched), keyed by embedding-text hash, so switching back costs no embedding calls. Bounded by
 * bytes, least recently used first out. Saved on close; it is a cache, so a crash only loses it.
 */
export class RemovedVectorCache {
  private readonly map = new Map<string, Float32Array>();
  private bytes = 0;
  dirty = false;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): Float32Array | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  add(key: string, vector: Float32Array): void {
    const old = this.map.get(key);
    if (old) {
      this.map.delete(key);
      this.bytes -= old.byteLength;
    }
    this.map.set(key, vector);
    this.bytes += vector.byteLength;
    this.dirty = true;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
    this.dirty = true;
  }

  async save(dir: string, model: string, dims: number): Promise<void> {
    const keys = [...this.map.keys()];
    const header = Buffer.from(JSON.stringify({ model, dims, keys }), 'utf8');
    const start = align4(16 + header.length);
    const body = Buffer.alloc(start - 16 + keys.length * dims * 4);
    header.copy(body, 0);
    const floats = new Float32Array(body.buffer, body.byteOffset + start - 16, keys.length * dims);
    keys.forEach((k, i) => floats.set(this.map.get(k) as Float32Array, i * dims));
    const prefix = Buffer.alloc(16);
    MAGIC.copy(prefix, 0);
    prefix.writeUInt32LE(header.length, 8);
    prefix.writeUInt32LE(crc32(body), 12);
    await atomicWriteFile(join(dir, REMOVED_CACHE_FILE), Buffer.concat([prefix, body]));
    this.dirty = false;
  }

  /** Load a saved cache; a missing, damaged or foreign (other model) file just leaves it empty. */
  async load(dir: string, model: string, dims: number): Promise<void> {
    let buf: Buffer;
    try {
      buf = await fs.readFile(join(dir, REMOVED_CACHE_FILE));
    } catch {
      return;
    }
    if (buf.length < 16 || !buf.subarray(0, 8).equals(MAGIC)) return;
    const body = buf.subarray(16);
    if (crc32(body) !== buf.readUInt32LE(12)) return;
    const headerLen = buf.readUInt32LE(8);
    let h: { model: string; dims: number; keys: string[] };
    try {
      h = JSON.parse(body.subarray(0, headerLen).toString('utf8')) as typeof h;
    } catch {
      return;
    }
    const start = align4(16 + headerLen);
    if (h.model !== model || h.dims !== dims || buf.length !== start + h.keys.length * dims * 4) return;
    const floats = new Float32Array(new Uint8Array(buf.subarray(start)).buffer);
    h.keys.forEach((k, i) => this.add(k, floats.slice(i * dims, (i + 1) * dims)));
    this.dirty = false;
  }
}
