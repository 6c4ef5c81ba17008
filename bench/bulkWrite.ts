/**
 * Bulk writes (issue 21 item 2): N prepared chunks (768-dim float32 vectors + texts + metadata)
 * written into Lore's index and into LanceDB, back to back in one process on the same data.
 *   npx tsx bench/bulkWrite.ts [--sizes 50000,200000] [--only lore|lance]
 * or as table 8 of `npm run bench` (`--bulk-sizes`). Lore writes exactly as a full index does: PendingWrites
 * (runUpdate's batching, 4,000-chunk flushes in shard order, each flush one LoreStore.apply, then
 * the keyword index), the keyword index saved at the end, the store closed.
 */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDiscoveryChunking } from './discoveryChunking';
import { bulkData, type BulkData } from './lib/bulkData';
import { ensureCorpus } from './lib/corpus';
import { writeLance } from './lib/lancePeer';
import { DIMS, EMBED_MODEL } from './lib/sim';
import { formatNumber, renderTable, type Table } from './lib/table';
import { chunkSetFingerprint } from '../src/indexer/fingerprint';
import { KeywordIndex } from '../src/indexer/keyword';
import { PendingWrites } from '../src/indexer/pendingWrites';
import { DEFAULT_SHARDS, LoreStore } from '../src/indexer/store';
import type { Chunk } from '../src/indexer/types';

/** PendingWrites' default flush size, which LanceDB gets as its batch size too. */
const BATCH_CHUNKS = 4000;
const TARGET = 1.5;

export interface LoreTimes {
  totalMs: number;
  /** CPU time of the process (all threads) meanwhile: steadier than wall time on a shared machine. */
  cpuMs: number;
  /** Inside LoreStore.apply (the store's share of totalMs). */
  storeMs: number;
  /** CPU time inside LoreStore.apply (nothing else runs meanwhile: each flush's keyword work follows its apply). */
  storeCpuMs: number;
}

export interface BulkRun {
  chunks: number;
  files: number;
  lore?: LoreTimes;
  lanceMs?: number;
  lanceCpuMs?: number;
  /** LanceDB's full-text index on the text, built after the writes. */
  lanceFtsMs?: number;
  lanceFtsCpuMs?: number;
  loreBytes: number;
  lanceBytes: number;
  load: string;
}

async function du(dir: string): Promise<number> {
  let n = 0;
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) n += (await fs.stat(join(e.parentPath, e.name))).size;
  }
  return n;
}

/** A fresh full index from prepared vectors: the write path of a re-index from the embedding cache. */
export async function writeLore(dir: string, data: BulkData): Promise<LoreTimes> {
  const t0 = performance.now();
  const cpu0 = cpuMs();
  const { store } = await LoreStore.open(join(dir, 'vectors'), { model: EMBED_MODEL, dims: data.dims });
  const keyword = KeywordIndex.empty();
  let storeMs = 0;
  let storeCpuMs = 0;
  const apply = store.apply.bind(store);
  store.apply = async (changes, signal) => {
    const started = performance.now();
    const cpuStarted = cpuMs();
    try {
      return await apply(changes, signal);
    } finally {
      storeMs += performance.now() - started;
      storeCpuMs += cpuMs() - cpuStarted;
    }
  };
  const writes = new PendingWrites(store, keyword, BATCH_CHUNKS);
  for (const f of data.files) {
    writes.upsert(f.update, f.hashes);
    if (writes.due()) await writes.flushInBackground();
  }
  await writes.flush();
  keyword.generation = chunkSetFingerprint(keyword.ids());
  await keyword.save(join(dir, 'keyword'));
  const stored = store.stats();
  await store.close();
  const totalMs = performance.now() - t0;
  const cpu = cpuMs() - cpu0;
  if (stored.chunks !== data.chunks || stored.withVectors !== data.chunks) {
    throw new Error(`Lore holds ${stored.chunks} chunks (${stored.withVectors} with vectors), expected ${data.chunks}`);
  }
  return { totalMs, cpuMs: cpu, storeMs, storeCpuMs };
}

export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export async function measureBulkWrite(corpusChunks: readonly Chunk[], sizes: number[], log: (m: string) => void, only?: 'lore' | 'lance'): Promise<BulkRun[]> {
  const runs: BulkRun[] = [];
  for (const n of sizes) {
    const data = bulkData(corpusChunks, n, DIMS, DEFAULT_SHARDS);
    const root = await fs.mkdtemp(join(os.tmpdir(), 'lore-bulk-'));
    try {
      const before = load();
      const run: BulkRun = { chunks: data.chunks, files: data.files.length, loreBytes: 0, lanceBytes: 0, load: '' };
      if (only !== 'lance') {
        log(`bulk write: Lore, ${n} chunks`);
        run.lore = await writeLore(join(root, 'lore'), data);
        run.loreBytes = await du(join(root, 'lore'));
      }
      if (only !== 'lore') {
        log(`bulk write: LanceDB, ${n} chunks`);
        const lance = await writeLance(join(root, 'lance'), data, BATCH_CHUNKS, cpuMs);
        run.lanceMs = lance.writeMs;
        run.lanceCpuMs = lance.writeCpuMs;
        run.lanceFtsMs = lance.ftsMs;
        run.lanceFtsCpuMs = lance.ftsCpuMs;
        run.lanceBytes = await du(join(root, 'lance'));
      }
      run.load = `${before} -> ${load()}`;
      runs.push(run);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  }
  return runs;
}

const s = (ms: number | undefined): string => (ms === undefined ? '-' : `${formatNumber(ms / 1000)} s`);
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
const mb = (b: number): string => (b ? `${formatNumber(b / 2 ** 20)} MB` : '-');

/** The data note of table 8. */
export function bulkDataNote(corpusChunks: number): string {
  return `data: the corpus's ${corpusChunks.toLocaleString('en-US')} real chunks replicated under copyN/ (identifiers varied per copy), seeded unit vectors (${DIMS} dims), in shard order as a full index stores them`;
}

export function bulkWriteTable(runs: BulkRun[], note: string): Table {
  return {
    title: 'Table 8 - bulk writes: prepared vectors + texts into a fresh index, Lore vs LanceDB',
    notes: [
      note,
      `Lore: the full-index write path (PendingWrites, ${BATCH_CHUNKS.toLocaleString('en-US')}-chunk flushes in shard order, each one LoreStore.apply + keyword index; keyword.bin saved; store closed). "store" = time inside LoreStore.apply`,
      `LanceDB ${lanceVersion()} (dev-only peer): the same rows (id, path, kind, language, lines, symbol, hash, text, embedding key, float32 vector) added in the same ${BATCH_CHUNKS.toLocaleString('en-US')}-chunk batches, Arrow conversion included; then (LanceDB + FTS) its full-text index on the text, the counterpart of Lore's keyword index; no vector index`,
      `target: within ${TARGET}x of LanceDB on the same work: Lore's store vs LanceDB's writes (vectors + texts), Lore's total vs LanceDB + FTS (with a text index); both run back to back in one process; CPU = user + system time of the process (all threads, LanceDB's Rust pool included) during each write; load average (1/5/15 min) before -> after each row`,
    ],
    columns: ['chunks', 'files', 'Lore store', 'Lore total', 'LanceDB', 'LanceDB + FTS', 'store / LanceDB', 'total / LanceDB + FTS', `target (<= ${TARGET}x)`, 'CPU: Lore store / LanceDB', 'CPU: Lore total / LanceDB + FTS', 'on disk Lore / LanceDB', 'load'],
    rows: runs.map((r) => {
      const total = r.lore?.totalMs;
      const met = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '-' : a / b <= TARGET ? 'met' : 'not met');
      const withFts = r.lanceMs === undefined || r.lanceFtsMs === undefined ? undefined : r.lanceMs + r.lanceFtsMs;
      return [r.chunks, r.files, s(r.lore?.storeMs), s(total), s(r.lanceMs), s(withFts), ratio(r.lore?.storeMs, r.lanceMs), ratio(total, withFts), `store ${met(r.lore?.storeMs, r.lanceMs)}, total ${met(total, withFts)}`, `${s(r.lore?.storeCpuMs)} / ${s(r.lanceCpuMs)}`, `${s(r.lore?.cpuMs)} / ${s(r.lanceFtsCpuMs === undefined || r.lanceCpuMs === undefined ? undefined : r.lanceCpuMs + r.lanceFtsCpuMs)}`, `${mb(r.loreBytes)} / ${mb(r.lanceBytes)}`, r.load];
    }),
  };
}

function lanceVersion(): string {
  try {
    const pkg = join(dirname(require.resolve('@lancedb/lancedb')), '..', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '50000,200000' }, only: { type: 'string' } } });
  const only = args.only === 'lore' || args.only === 'lance' ? args.only : undefined;
  const log = (m: string): void => void process.stderr.write(`bench: ${m}\n`);
  const corpus = ensureCorpus(log);
  const { chunks } = await benchDiscoveryChunking(corpus);
  const runs = await measureBulkWrite(chunks, args.sizes.split(',').map(Number), log, only);
  console.log(renderTable(bulkWriteTable(runs, bulkDataNote(chunks.length))));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
