import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';
import { discover, readTextFile } from '../../../src/indexer/discovery';
import { chunkFile, languageForPath } from '../../../src/indexer/chunking';
import { LoreStore } from '../../../src/indexer/store';
import { readSavedKeywordIndex } from '../../../src/indexer/keyword';
import type { Chunk, DiscoveryOptions } from '../../../src/indexer/types';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** What a complete index of `folder` must hold: path -> chunk ids, computed without any store. */
export type Reference = Map<string, string[]>;

const chunkCache = new Map<string, string[]>();

export async function referenceIndex(folder: string, discovery: DiscoveryOptions = {}): Promise<Reference> {
  const { files } = await discover(folder, discovery);
  const out: Reference = new Map();
  for (const f of files) {
    if (!languageForPath(f.path)) continue;
    const read = await readTextFile(f.absPath, { maxFileSize: discovery.maxFileSize });
    if (!read.ok) continue;
    const key = `${f.path}\u0000${read.hash}`;
    let ids = chunkCache.get(key);
    if (!ids) chunkCache.set(key, (ids = (await chunkFile(f.path, read.text)).map((c) => c.id)));
    out.set(f.path, ids);
  }
  return out;
}

/** An index as found on disk, read the way a restarted Lore reads it. */
export interface IndexSnapshot {
  files: Map<string, { chunkIds: string[]; vectors: boolean }>;
  chunks: Chunk[];
  /** Ids served by a vector search over everything. */
  vectorIds: string[];
  withVectors: number;
  damaged: string[];
  rebuilt: boolean;
  keywordIds: Set<string> | undefined;
  keywordGeneration: number | undefined;
  model: string | null;
  dims: number;
}

/** Reads `<indexDir>/keyword/keyword.bin` directly: the ids it holds and its generation. */
export async function readKeywordFile(indexDir: string): Promise<{ ids: Set<string>; generation: number } | undefined> {
  return readSavedKeywordIndex(join(indexDir, 'keyword'));
}

/** `storeDir`: where the store lives when it is not FolderIndex's `<indexDir>/vectors`. */
export async function snapshot(indexDir: string, storeDir = join(indexDir, 'vectors')): Promise<IndexSnapshot> {
  const opened = await LoreStore.open(storeDir, null, { lockTimeoutMs: 20_000 });
  const store = opened.store;
  try {
    const files = new Map([...store.files()].map(([p, r]) => [p, { chunkIds: [...r.chunkIds], vectors: r.vectors }]));
    const chunks: Chunk[] = [];
    for await (const c of store.allChunks()) chunks.push(c);
    const id = store.identity();
    let vectorIds: string[] = [];
    if (id) {
      const q = new Float32Array(id.dims).fill(1);
      vectorIds = (await store.vectorSearch(q, 1_000_000)).map((h) => h.id);
    }
    const kw = await readKeywordFile(indexDir);
    return {
      files, chunks, vectorIds, withVectors: store.stats().withVectors, damaged: opened.damagedFiles, rebuilt: opened.rebuilt,
      keywordIds: kw?.ids, keywordGeneration: kw?.generation, model: id?.model ?? null, dims: id?.dims ?? 0,
    };
  } finally {
    await store.close();
  }
}

/**
 * Internal consistency of an index; returns the problems found (empty = consistent): every chunk
 * the manifest lists is served exactly once and nothing else is, ids and (path, lines) are unique,
 * texts match their hashes, the keyword side holds exactly the store's chunks, and the vector side
 * serves only live chunks.
 */
export function consistencyProblems(s: IndexSnapshot, opts: { keyword?: boolean } = {}): string[] {
  const problems: string[] = [];
  const listed = [...s.files.values()].flatMap((f) => f.chunkIds);
  const listedSet = new Set(listed);
  if (listedSet.size !== listed.length) problems.push(`manifest lists ${listed.length - listedSet.size} duplicate chunk ids`);
  const served = s.chunks.map((c) => c.id);
  const servedSet = new Set(served);
  if (servedSet.size !== served.length) problems.push(`${served.length - servedSet.size} chunks served twice`);
  const missing = listed.filter((id) => !servedSet.has(id));
  if (missing.length) problems.push(`${missing.length} listed chunks not served`);
  const extra = served.filter((id) => !listedSet.has(id));
  if (extra.length) problems.push(`${extra.length} served chunks not listed`);
  const ranges = new Set<string>();
  for (const c of s.chunks) {
    const key = `${c.path}\u0000${c.startLine}\u0000${c.endLine}`;
    if (ranges.has(key)) problems.push(`duplicate range ${c.path}:${c.startLine}-${c.endLine}`);
    ranges.add(key);
    if (!s.files.get(c.path)?.chunkIds.includes(c.id)) problems.push(`chunk ${c.id} served under ${c.path}, which does not list it`);
    if (sha256(c.text) !== c.hash) problems.push(`chunk ${c.id} text does not match its hash`);
  }
  const vec = new Set(s.vectorIds);
  if (vec.size !== s.vectorIds.length) problems.push('vector search returned an id twice');
  const ghosts = s.vectorIds.filter((id) => !listedSet.has(id));
  if (ghosts.length) problems.push(`vector search returned ${ghosts.length} chunks the manifest does not list`);
  if (s.vectorIds.length !== s.withVectors) problems.push(`vector search served ${s.vectorIds.length}, stats say ${s.withVectors} with vectors`);
  for (const [path, f] of s.files) {
    if (f.vectors && f.chunkIds.some((id) => !vec.has(id))) problems.push(`${path} claims vectors it does not have`);
  }
  if (opts.keyword !== false) {
    if (!s.keywordIds) problems.push('no keyword index on disk');
    else {
      const kwMissing = listed.filter((id) => !s.keywordIds!.has(id));
      const kwExtra = [...s.keywordIds].filter((id) => !listedSet.has(id));
      if (kwMissing.length) problems.push(`keyword index lacks ${kwMissing.length} chunks of the store`);
      if (kwExtra.length) problems.push(`keyword index holds ${kwExtra.length} chunks the store does not`);
    }
  }
  return problems;
}

/** Differences between an index and the reference (files and their exact chunk ids). */
export function referenceProblems(s: IndexSnapshot, ref: Reference, opts: { vectors?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const [path, ids] of ref) {
    const got = s.files.get(path);
    if (!got) problems.push(`missing file ${path}`);
    else if (got.chunkIds.join() !== ids.join()) problems.push(`${path}: chunks differ`);
    else if (opts.vectors && !got.vectors) problems.push(`${path}: no vectors`);
  }
  for (const path of s.files.keys()) if (!ref.has(path)) problems.push(`stale file ${path}`);
  return problems;
}

/** Temp files left in the index directory (by a killed writer, say). */
export async function leftoverTemps(indexDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.tmp')) out.push(relative(indexDir, p));
    }
  };
  await walk(indexDir).catch(() => undefined);
  return out;
}
