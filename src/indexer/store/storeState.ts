import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Shard, type FileStamp } from './shard';
import { ShardCorruptError } from './shardFormat';
import type { FileRecord } from './types';

export const SHARDS_DIR = 'shards';

/** FNV-1a: a stable, fast hash of the path; the shard of a file never depends on anything else. */
export function shardOf(path: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export function shardPath(dir: string, no: number): string {
  return join(dir, SHARDS_DIR, `${String(no).padStart(2, '0')}.lore`);
}

/** What was found wrong with one shard, and the files it cost (they are re-indexed by the next write). */
export interface ShardDamage {
  shard: number;
  path: string;
  problem: string;
  files: string[];
}

/** The damage behind `files` lost from `loaded` (a shard whose file is damaged, missing or short of chunks). */
export function damageOf(loaded: LoadedShard, files: string[]): ShardDamage {
  const { shard } = loaded;
  const problem = loaded.problem ?? (loaded.stamp ? 'chunks missing (interrupted write?)' : 'shard file missing');
  return { shard: shard.no, path: shard.path, problem, files };
}

/** One line for the user: what was damaged and what it cost. */
export function describeDamage(damage: readonly ShardDamage[]): string {
  const files = damage.reduce((n, d) => n + d.files.length, 0);
  const shards = damage.map((d) => `${String(d.shard).padStart(2, '0')} (${d.problem.replace(/^corrupt shard: /, '')})`).join(', ');
  return `index damaged: shard${damage.length > 1 ? 's' : ''} ${shards}; ${files} file(s) lost`;
}

export async function statStamp(path: string): Promise<FileStamp | undefined> {
  try {
    const st = await fs.stat(path);
    return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A shard as loaded: `corrupt` shards are empty stand-ins remembered by the stamp of the bad file. */
export interface LoadedShard {
  shard: Shard;
  corrupt: boolean;
  /** Stamp of the file the shard came from (for corrupt ones: of the bad file). */
  stamp: FileStamp | undefined;
  /** Live rows that have a vector. */
  withVectors: number;
  /** Why a corrupt shard was rejected (e.g. "corrupt shard: vector checksum mismatch"). */
  problem?: string;
}

export async function loadShard(dir: string, no: number): Promise<LoadedShard> {
  const path = shardPath(dir, no);
  try {
    const shard = await Shard.open(no, path);
    return { shard, corrupt: false, stamp: shard.stamp, withVectors: 0 };
  } catch (err) {
    if (!(err instanceof ShardCorruptError)) throw err;
    return { shard: Shard.empty(no, path), corrupt: true, stamp: await statStamp(path), withVectors: 0, problem: err.message };
  }
}

/** Manifest records grouped by shard number. */
export function recordsByShard(files: ReadonlyMap<string, FileRecord>, shards: number): FileRecord[][] {
  const out: FileRecord[][] = Array.from({ length: shards }, () => []);
  for (const rec of files.values()) out[shardOf(rec.path, shards)].push(rec);
  return out;
}

/**
 * Mark the shard rows the manifest vouches for as live, and return the records whose chunks the
 * shard lacks (an interrupted transaction replaced the shard but not the manifest, or the shard was
 * corrupt): those files must be re-indexed. Rows nobody vouches for stay dead (garbage).
 */
export function reconcile(loaded: LoadedShard, records: FileRecord[]): string[] {
  const { shard } = loaded;
  shard.live.fill(0);
  const damaged: string[] = [];
  let withVectors = 0;
  for (const rec of records) {
    const rows: number[] = [];
    for (const id of rec.chunkIds) {
      const row = shard.idToRow.get(id);
      if (row === undefined || shard.pathOf(row) !== rec.path) break;
      rows.push(row);
    }
    if (rows.length !== rec.chunkIds.length) {
      damaged.push(rec.path);
      continue;
    }
    let allVectors = true;
    for (const row of rows) {
      shard.live[row] = 1;
      if (shard.vectorRow(row) >= 0) withVectors++;
      else allVectors = false;
    }
    // The manifest may claim vectors a keyword-only rewrite of the shard dropped: re-embed then.
    if (!allVectors) rec.vectors = false;
  }
  loaded.withVectors = withVectors;
  return damaged;
}
