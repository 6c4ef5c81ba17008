import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { FolderIndex } from '../src/indexer/folderIndex';
import type { UpdateReport } from '../src/indexer/update';
import { EMBED_MODEL, simEmbedder, startSim } from './lib/sim';
import { formatNumber, ms, pct, type Table } from './lib/table';

export interface FullIndexRun {
  latencyMs: number;
  report: UpdateReport;
  /** update() until it returned. */
  updateMs: number;
  /** close(): waits for the keyword index save the full scan scheduled. */
  closeMs: number;
  wallMs: number;
  /** CPU time (user + system) of this process, i.e. Lore's own work; the sim runs in another process. */
  cpuMs: number;
  /** CPU time of the ollama-sim process during the run (its hashing, JSON and HTTP), when readable. */
  simCpuMs?: number;
  bytesOnDisk: number;
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  }
  return total;
}

/** One cold full index of `folder` into a fresh index directory, against a sim with `latencyMs` per text. */
export async function fullIndexRun(folder: string, latencyMs: number, indexDir?: string): Promise<FullIndexRun> {
  const sim = await startSim(latencyMs);
  const dir = indexDir ?? (await mkdtemp(join(os.tmpdir(), 'lore-bench-full-')));
  try {
    const cpu0 = process.cpuUsage();
    const simCpu0 = sim.cpuMs();
    const t0 = performance.now();
    const index = await FolderIndex.open({ folder, indexDir: dir, model: EMBED_MODEL, embedder: simEmbedder(sim) });
    const report = await index.update();
    const updateMs = performance.now() - t0;
    await index.close();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const simCpu1 = sim.cpuMs();
    const simCpuMs = simCpu0 === undefined || simCpu1 === undefined ? undefined : simCpu1 - simCpu0;
    return { latencyMs, report, updateMs, closeMs: wallMs - updateMs, wallMs, cpuMs, simCpuMs, bytesOnDisk: await dirBytes(dir) };
  } finally {
    await sim.stop();
    if (!indexDir) await rm(dir, { recursive: true, force: true });
  }
}

/** Table 2 from two runs (zero latency, simulated latency). */
export function fullIndexTable(corpusNote: string, runs: FullIndexRun[]): Table {
  const rows = runs.map((r) => {
    const t = r.report.timings;
    // The floor is the simulated model time alone: texts x latency, one request in flight.
    const floorMs = r.report.embedded * r.latencyMs;
    const nonEmbedding = r.latencyMs > 0 ? pct(1 - floorMs / r.wallMs) : '-';
    // The sim stands in for the model: its own compute (hashing 768-dim vectors, JSON, HTTP) is
    // model-side time too. Whatever else the wall holds is Lore's.
    const lore = r.latencyMs > 0 && r.simCpuMs !== undefined ? pct(1 - (floorMs + r.simCpuMs) / r.wallMs) : '-';
    const notWaiting = pct(1 - t.embedMs / r.wallMs);
    return [
      r.latencyMs > 0 ? `${r.latencyMs} ms/text (simulated)` : '0 (zero latency)',
      formatNumber(r.report.filesIndexed),
      formatNumber(r.report.embedded),
      ms(r.wallMs),
      ms(t.discoverMs),
      ms(t.chunkMs),
      ms(t.embedMs),
      `${ms(t.storeMs)} (waited ${ms(r.report.storeWaitMs ?? t.storeMs)})`,
      ms(r.closeMs),
      `${ms(r.cpuMs)} (${(r.cpuMs / r.report.chunks).toFixed(2)} ms/chunk)`,
      r.latencyMs > 0 ? ms(floorMs) : '-',
      r.simCpuMs === undefined ? '-' : ms(r.simCpuMs),
      notWaiting,
      nonEmbedding,
      lore,
    ];
  });
  return {
    title: 'Table 2 - full index: wall time and where it goes',
    notes: [
      corpusNote,
      'FolderIndex.open + update() (full scan) + close() (waits for the keyword-index save), fresh index dir, ollama-sim `hash` embedder, 768 dims, batch 32, 1 request in flight (extension defaults)',
      'chunk = read+chunk time, overlapped with the embed wait of the previous window; embed wait = time the pipeline waited for /api/embed',
      'store write = flush time (store transactions + keyword-index updates), most of it overlapped with the next window\'s embedding; "waited" = the part the pipeline blocked on',
      'Lore CPU = user+system CPU of the indexing process (ollama-sim runs in its own process): the load-independent cost of Lore\'s own work',
      'sim CPU = user+system CPU of the ollama-sim process during the run (from /proc): the simulated model\'s own compute, which a real model replaces with its own',
      'not waiting for embeddings = 1 - embed wait / wall; non-embedding share = 1 - (texts x simulated latency) / wall, which also charges the sim\'s own compute and HTTP time to Lore; non-model share = 1 - (texts x simulated latency + sim CPU) / wall (target <= 10% at 2 ms/text)',
    ],
    columns: ['embedding cost', 'files', 'texts embedded', 'wall', 'discover', 'chunk', 'embed wait', 'store write', 'keyword save (close)', 'Lore CPU', 'model time', 'sim CPU', 'not waiting for embeddings', 'non-embedding share', 'non-model share'],
    rows,
  };
}
