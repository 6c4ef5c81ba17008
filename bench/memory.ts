import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyntheticIndex } from './lib/synthetic';
import { DIMS } from './lib/sim';
import { mb, ms, formatNumber, verdict, type Table } from './lib/table';

export interface MemoryFigures {
  chunks: number;
  openMs: number;
  /** The first hybrid search after open (loads every shard's int8 rows and the keyword index). */
  firstSearchMs: number;
  /** p50 of warm hybrid searches (query embedding excluded). */
  hybridP50: number;
  rssBase: number;
  rssOpen: number;
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  vectorsBytes: number;
  keywordBytes: number;
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  }
  return total;
}

export async function measureMemory(si: SyntheticIndex): Promise<MemoryFigures> {
  // A heap above Node's default limit: at 1M chunks the keyword index and the manifest alone pass 2 GB.
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', '--import', 'tsx', join(__dirname, 'memoryProbe.ts'), si.folder, si.indexDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`memory probe failed: ${child.stderr}`);
  const probe = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Omit<MemoryFigures, 'vectorsBytes' | 'keywordBytes'>;
  return { ...probe, vectorsBytes: await dirBytes(join(si.indexDir, 'vectors')), keywordBytes: await dirBytes(join(si.indexDir, 'keyword')) };
}

export function memoryTable(runs: MemoryFigures[], corpusNote: string): Table {
  return {
    title: 'Table 5 - memory with an index loaded, and index size on disk',
    notes: [
      corpusNote,
      'RSS of a fresh Node process (tsx loader included) after FolderIndex.open, one search per mode and the warm hybrid searches, i.e. manifest, shard headers, int8 vectors of every shard and the keyword index all resident; "before open" = same process with Lore\'s modules loaded; gc() before each reading',
      'open = FolderIndex.open; first search = the first hybrid search after it; hybrid p50 = 24 warm hybrid searches (k 8) after the background shard verification, query vectors precomputed',
      `raw = chunks x ${DIMS} dims x 4 bytes (float32). The disk target counts the vector store (shards with float32 vectors, chunk text and metadata, manifest, removed-vector cache); the keyword index is shown apart and in the total`,
    ],
    columns: ['index chunks', 'open', 'first search', 'hybrid p50', 'RSS before open', 'RSS loaded', 'heap used', 'array buffers', 'RSS target', 'raw vectors', 'vector store', 'keyword index', 'store / raw', '(store+keyword) / raw', 'disk target'],
    rows: runs.map((r) => {
      const raw = r.chunks * DIMS * 4;
      return [
        formatNumber(r.chunks), ms(r.openMs), ms(r.firstSearchMs), ms(r.hybridP50), mb(r.rssBase), mb(r.rss), mb(r.heapUsed), mb(r.arrayBuffers),
        r.chunks >= 200_000 ? `<= 500 MB: ${verdict(r.rss, 500 * 2 ** 20)}` : '-',
        mb(raw), mb(r.vectorsBytes), mb(r.keywordBytes),
        `${(r.vectorsBytes / raw).toFixed(2)}x`, `${((r.vectorsBytes + r.keywordBytes) / raw).toFixed(2)}x`,
        `<= 2x: store ${verdict(r.vectorsBytes, 2 * raw)}, with keyword ${verdict(r.vectorsBytes + r.keywordBytes, 2 * raw)}`,
      ];
    }),
  };
}
