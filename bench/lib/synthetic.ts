import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { embeddingText } from '../../src/indexer/chunking';
import { chunkSetFingerprint } from '../../src/indexer/fingerprint';
import { KEYWORD_FORMAT_VERSION, KeywordIndex } from '../../src/indexer/keyword';
import { prefixesFor } from '../../src/indexer/modelPrefixes';
import { LoreStore, STORE_SCHEMA, type FileUpdate } from '../../src/indexer/store';
import type { Chunk } from '../../src/indexer/types';
import { benchCacheDir } from './corpus';
import { localVector } from './offlineEmbedder';
import { DIMS, EMBED_MODEL } from './sim';

/** Bump when the generated content changes, so cached indexes are rebuilt. */
const GENERATOR_VERSION = 1;

export interface SyntheticIndex {
  /** Index directory in FolderIndex's layout (vectors/, keyword/). */
  indexDir: string;
  /** The folder the index belongs to; holds only the files a benchmark writes. */
  folder: string;
  chunks: number;
  files: number;
  /** Paths (relative) of original corpus files in the index, for edits. */
  samplePaths: string[];
  buildMs: number;
  cached: boolean;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Copy `c` of a chunk text: a third of the longer identifiers get a copy suffix, so copies share
 * the corpus's shape and most of its vocabulary but are not duplicates (the keyword index grows a
 * realistic number of new terms, vectors and ids differ).
 */
function vary(text: string, copy: number): string {
  if (copy === 0) return text;
  return text.replace(/\b[A-Za-z_][A-Za-z0-9_]{5,}\b/g, (w) => (fnv(w) % 3 === copy % 3 ? `${w}${copy}` : w));
}

function copyChunk(c: Chunk, copy: number): Chunk {
  const path = `copy${copy}/${c.path}`;
  const text = vary(c.text, copy);
  const hash = sha256(text);
  const symbol = c.symbol === undefined ? undefined : vary(c.symbol, copy);
  return { ...c, path, text, hash, symbol, id: sha256(`${path}\n${c.startLine}\n${c.endLine}\n${hash}`).slice(0, 32) };
}

/**
 * A large index made from real corpus chunks replicated with variations (paths under copyN/,
 * identifiers renamed per copy), vectors from the sim's hash embedder computed in-process, written
 * through LoreStore.apply (grouped by shard) and KeywordIndex, exactly the files FolderIndex reads.
 * Cached under the bench cache dir; `fresh` rebuilds.
 */
export async function syntheticIndex(corpusChunks: readonly Chunk[], target: number, fresh = false, log: (m: string) => void = () => undefined): Promise<SyntheticIndex> {
  const root = join(benchCacheDir(), 'indexes', `synthetic-${target}-s${STORE_SCHEMA}-k${KEYWORD_FORMAT_VERSION}-g${GENERATOR_VERSION}`);
  const indexDir = join(root, 'index');
  const folder = join(root, 'folder');
  const byFile = new Map<string, Chunk[]>();
  for (const c of corpusChunks) {
    const list = byFile.get(c.path) ?? [];
    list.push(c);
    byFile.set(c.path, list);
  }
  const originals = [...byFile.keys()].sort();
  const samplePaths = originals.filter((p) => /\.(js|ts)$/.test(p) && (byFile.get(p)?.length ?? 0) >= 6).map((p) => `copy0/${p}`);
  const done = join(root, '.complete');
  if (!fresh && existsSync(done)) {
    const meta = JSON.parse(await fs.readFile(done, 'utf8')) as { chunks: number; files: number; buildMs: number };
    return { indexDir, folder, samplePaths, cached: true, ...meta };
  }
  await fs.rm(root, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  const t0 = performance.now();
  const { store } = await LoreStore.open(join(indexDir, 'vectors'), { model: EMBED_MODEL, dims: DIMS });
  const keyword = KeywordIndex.empty();
  const prefix = prefixesFor(EMBED_MODEL).document;

  // Plan every (copy, file) until the target is reached, then write shard by shard.
  const plan: { copy: number; path: string }[] = [];
  let planned = 0;
  for (let copy = 0; planned < target; copy++) {
    for (const p of originals) {
      if (planned >= target) break;
      plan.push({ copy, path: p });
      planned += byFile.get(p)?.length ?? 0;
    }
  }
  const shardOf = new Map(plan.map((f) => [`copy${f.copy}/${f.path}`, store.shardOf(`copy${f.copy}/${f.path}`)]));
  plan.sort((a, b) => (shardOf.get(`copy${a.copy}/${a.path}`) ?? 0) - (shardOf.get(`copy${b.copy}/${b.path}`) ?? 0));

  let batch: FileUpdate[] = [];
  let hashes: string[][] = [];
  let inBatch = 0;
  let written = 0;
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    await store.apply({ upserts: batch, removals: [], embedTextHashes: hashes });
    keyword.add(batch.flatMap((u) => u.chunks));
    written += inBatch;
    log(`synthetic ${target}: ${written} chunks written`);
    batch = [];
    hashes = [];
    inBatch = 0;
  };
  for (const f of plan) {
    const chunks = (byFile.get(f.path) ?? []).map((c) => copyChunk(c, f.copy));
    const texts = chunks.map(embeddingText);
    const size = chunks.reduce((n, c) => n + c.text.length, 0);
    batch.push({ file: { path: chunks[0].path, hash: sha256(chunks.map((c) => c.hash).join()), size, mtimeMs: 1 }, chunks, vectors: texts.map((t) => localVector(prefix + t)) });
    hashes.push(texts.map(sha256));
    inBatch += chunks.length;
    if (inBatch >= 10_000) await flush();
  }
  await flush();
  const ids = function* (): Generator<string> {
    for (const rec of store.files().values()) yield* rec.chunkIds;
  };
  keyword.generation = chunkSetFingerprint(ids());
  await keyword.save(join(indexDir, 'keyword'));
  const stats = store.stats();
  await store.close();
  const meta = { chunks: stats.chunks, files: stats.files, buildMs: performance.now() - t0 };
  await fs.writeFile(done, JSON.stringify(meta));
  return { indexDir, folder, samplePaths, cached: false, ...meta };
}
