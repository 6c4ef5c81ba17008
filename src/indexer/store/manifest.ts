import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile, type StorageFaults } from '../../util/atomicFile';
import type { FileRecord } from './types';

/**
 * The manifest is the store's source of truth and its commit point: a transaction writes its shard
 * files first and this file last (both atomically), so whatever a shard holds beyond the manifest
 * is garbage from an interrupted transaction, and whatever the manifest lists that a shard lacks is
 * a file to re-index.
 */
export const MANIFEST_FILE = 'manifest.json';

export interface Manifest {
  schema: number;
  /** null: keyword-only index (no embedding model known yet). */
  model: string | null;
  dims: number;
  shards: number;
  files: Map<string, FileRecord>;
}

/** Compact row per file: [path, hash, size, mtimeMs, vectors 0|1, chunkIds]. */
type FileRow = [string, string, number, number, 0 | 1, string[]];

interface ManifestJson {
  schema: number;
  model: string | null;
  dims: number;
  shards: number;
  files: FileRow[];
}

export class ManifestCorruptError extends Error {
  constructor(detail: string) {
    super(`unreadable manifest: ${detail}`);
    this.name = 'ManifestCorruptError';
  }
}

export function manifestPath(dir: string): string {
  return join(dir, MANIFEST_FILE);
}

/** undefined when the index has no manifest yet. */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await fs.readFile(manifestPath(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let j: ManifestJson;
  try {
    j = JSON.parse(text) as ManifestJson;
  } catch {
    throw new ManifestCorruptError('not JSON');
  }
  if (typeof j.schema !== 'number' || !Array.isArray(j.files) || typeof j.shards !== 'number') {
    throw new ManifestCorruptError('missing fields');
  }
  const files = new Map<string, FileRecord>();
  for (const r of j.files) {
    if (!Array.isArray(r) || r.length !== 6 || !Array.isArray(r[5])) throw new ManifestCorruptError('bad file row');
    files.set(r[0], { path: r[0], hash: r[1], size: r[2], mtimeMs: r[3], vectors: r[4] === 1, chunkIds: r[5] });
  }
  return { schema: j.schema, model: j.model ?? null, dims: j.dims ?? 0, shards: j.shards, files };
}

/**
 * The JSON row of each record, kept while the record object lives: a transaction copies the
 * manifest's records and replaces only the files it changed, so rewriting the manifest after each
 * batch of a full build re-serialised every earlier file (at 200k chunks, 3.4 s of a bulk write).
 * Records are immutable except `vectors` (reconcile may clear it), which is part of the key.
 */
const rowCache = new WeakMap<FileRecord, { vectors: boolean; json: string }>();

function rowJson(f: FileRecord): string {
  let c = rowCache.get(f);
  if (!c || c.vectors !== f.vectors) {
    const row: FileRow = [f.path, f.hash, f.size, f.mtimeMs, f.vectors ? 1 : 0, f.chunkIds];
    rowCache.set(f, (c = { vectors: f.vectors, json: JSON.stringify(row) }));
  }
  return c.json;
}

/** JSON.stringify of the ManifestJson, byte for byte, with rows from rowJson. */
export function manifestText(m: Manifest): string {
  const head: Omit<ManifestJson, 'files'> = { schema: m.schema, model: m.model, dims: m.dims, shards: m.shards };
  const rows: string[] = [];
  for (const f of m.files.values()) rows.push(rowJson(f));
  return `${JSON.stringify(head).slice(0, -1)},"files":[${rows.join(',')}]}`;
}

export async function writeManifest(dir: string, m: Manifest, faults?: StorageFaults): Promise<void> {
  await atomicWriteFile(manifestPath(dir), manifestText(m), faults);
}
