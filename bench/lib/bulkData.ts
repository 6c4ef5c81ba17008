import { createHash } from 'node:crypto';
import { embeddingText } from '../../src/indexer/chunking';
import type { FileUpdate } from '../../src/indexer/store';
import { shardOf } from '../../src/indexer/store/storeState';
import type { Chunk } from '../../src/indexer/types';

/** One file ready to store: chunks, their vectors and the embedding-cache keys, as runUpdate has them after embedding. */
export interface PreparedFile {
  update: FileUpdate & { vectors: Float32Array[] };
  hashes: string[];
}

export interface BulkData {
  files: PreparedFile[];
  chunks: number;
  dims: number;
  /** UTF-8 bytes of chunk texts (what a peer stores besides the vectors). */
  textBytes: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Copy `copy` of a text: a third of the longer identifiers get a suffix (as bench/lib/synthetic.ts does). */
function vary(text: string, copy: number): string {
  if (copy === 0) return text;
  return text.replace(/\b[A-Za-z_][A-Za-z0-9_]{5,}\b/g, (w) => (fnv(w) % 3 === copy % 3 ? `${w}${copy}` : w));
}

/**
 * Unit vectors from a seeded xorshift: the store does not care what the vectors mean, and computing
 * the sim's hash embedding for 200k texts would take longer than the writes being measured.
 */
function vectors(count: number, dims: number, seed: number): Float32Array[] {
  let x = seed | 1;
  const out: Float32Array[] = [];
  for (let r = 0; r < count; r++) {
    const v = new Float32Array(dims);
    let sq = 0;
    for (let i = 0; i < dims; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      v[i] = (x >>> 0) / 4294967296 - 0.5;
      sq += v[i] * v[i];
    }
    const inv = 1 / Math.sqrt(sq);
    for (let i = 0; i < dims; i++) v[i] *= inv;
    out.push(v);
  }
  return out;
}

/**
 * `target` chunks made from the corpus's real chunks (files replicated under copyN/ with identifiers
 * varied per copy), each file with its vectors and embedding-text hashes, in the order runUpdate
 * stores a full index: by shard, then path (`shards`: the index's shard count).
 */
export function bulkData(corpusChunks: readonly Chunk[], target: number, dims: number, shards: number): BulkData {
  const byFile = new Map<string, Chunk[]>();
  for (const c of corpusChunks) {
    const list = byFile.get(c.path) ?? [];
    list.push(c);
    byFile.set(c.path, list);
  }
  const originals = [...byFile.keys()].sort();
  const files: PreparedFile[] = [];
  let chunks = 0;
  let textBytes = 0;
  for (let copy = 0; chunks < target; copy++) {
    for (const original of originals) {
      if (chunks >= target) break;
      const path = `copy${copy}/${original}`;
      const list = (byFile.get(original) ?? []).map((c): Chunk => {
        const text = vary(c.text, copy);
        const hash = sha256(text);
        const symbol = c.symbol === undefined ? undefined : vary(c.symbol, copy);
        return { ...c, path, text, hash, symbol, id: sha256(`${path}\n${c.startLine}\n${c.endLine}\n${hash}`).slice(0, 32) };
      });
      if (!list.length) continue;
      const size = list.reduce((n, c) => n + c.text.length, 0);
      textBytes += list.reduce((n, c) => n + Buffer.byteLength(c.text), 0);
      files.push({
        update: { file: { path, hash: sha256(list.map((c) => c.hash).join()), size, mtimeMs: 1 }, chunks: list, vectors: vectors(list.length, dims, fnv(path)) },
        hashes: list.map((c) => sha256(embeddingText(c))),
      });
      chunks += list.length;
    }
  }
  const shard = new Map(files.map((f) => [f.update.file.path, shardOf(f.update.file.path, shards)]));
  const key = (f: PreparedFile): string => f.update.file.path;
  files.sort((a, b) => (shard.get(key(a)) ?? 0) - (shard.get(key(b)) ?? 0) || (key(a) < key(b) ? -1 : 1));
  return { files, chunks, dims, textBytes };
}
