import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { FolderIndex } from '../src/indexer/folderIndex';
import type { SyntheticIndex } from './lib/synthetic';
import { EMBED_MODEL, simEmbedder, startSim } from './lib/sim';
import { formatNumber, ms, percentile, verdict, type Table } from './lib/table';

export interface UpdateLatency {
  chunks: number;
  latencyMs: number;
  updateMs: number[];
  searchMs: number[];
  totalMs: number[];
  embedded: number;
  failures: number;
}

const REPS = 7;

/**
 * Differs per run: the cached indexes keep a cache of removed chunks' vectors, so an edit repeated
 * from an earlier run would come back from it instead of being embedded.
 */
const RUN = Math.random().toString(36).slice(2, 8).replace(/\d/g, 'x');

/** Insert a marker line in the middle of the file: the chunk around it changes, later ones shift. */
function edit(original: string, rep: number): { text: string; marker: string } {
  const lines = original.split('\n');
  const marker = `zqxbenchmarker${RUN}${rep}`;
  lines.splice(Math.floor(lines.length / 2), 0, `// lore bench edit ${rep}: ${marker} retry the request with backoff`);
  return { text: lines.join('\n'), marker };
}

/**
 * Time from saving one edited file to its new chunks being searchable: write the file, then
 * FolderIndex.update({paths: [file]}) (what the file watcher calls after its debounce) and a hybrid
 * search that must return the edited chunk. Vectors are loaded before (steady state of a window
 * that has answered a question); the watcher's debounce is not included.
 */
export async function measureUpdate(si: SyntheticIndex, corpus: string, latencyMs: number): Promise<UpdateLatency> {
  const sim = await startSim(latencyMs);
  const index = await FolderIndex.open({ folder: si.folder, indexDir: si.indexDir, model: EMBED_MODEL, embedder: simEmbedder(sim) });
  const result: UpdateLatency = { chunks: si.chunks, latencyMs, updateMs: [], searchMs: [], totalMs: [], embedded: 0, failures: 0 };
  try {
    await index.search({ query: 'warm up the vector and keyword indexes', mode: 'hybrid' });
    for (let rep = 0; rep < REPS; rep++) {
      const rel = si.samplePaths[(rep * 97 + latencyMs * 13) % si.samplePaths.length];
      const abs = join(si.folder, rel);
      const original = await fs.readFile(join(corpus, rel.replace(/^copy0\//, '')), 'utf8');
      await fs.mkdir(dirname(abs), { recursive: true });
      await fs.writeFile(abs, original);
      await index.update({ paths: [abs] }); // the file as indexed before the edit (not timed)
      const { text, marker } = edit(original, rep);
      await fs.writeFile(abs, text);
      const t0 = performance.now();
      const report = await index.update({ paths: [abs] });
      const t1 = performance.now();
      const { hits } = await index.search({ query: `${marker} retry request backoff`, mode: 'hybrid' });
      const t2 = performance.now();
      if (!hits.some((h) => h.path === rel && h.text.includes(marker))) result.failures++;
      result.updateMs.push(t1 - t0);
      result.searchMs.push(t2 - t1);
      result.totalMs.push(t2 - t0);
      result.embedded += report.embedded;
      await fs.writeFile(abs, original);
      await index.update({ paths: [abs] });
    }
  } finally {
    await index.close();
    await sim.stop();
  }
  return result;
}

/** Targets are set at 50k and 200k chunks; generated indexes land within a few chunks of those. */
function targetFor(chunks: number): number | undefined {
  const size = Object.keys(TARGETS).map(Number).find((n) => Math.abs(chunks - n) <= n * 0.02);
  return size === undefined ? undefined : TARGETS[size];
}

const TARGETS: Record<number, number> = { 50_000: 300, 200_000: 1000 };

export function updateTable(runs: UpdateLatency[], corpusNote: string): Table {
  return {
    title: 'Table 3 - incremental update: one edited file saved -> its new chunks searchable',
    notes: [
      corpusNote,
      `per row ${REPS} edits of different real source files (a line inserted mid-file: its chunk changes, later chunks shift and come from the embedding cache); time = FolderIndex.update({paths:[file]}) + a hybrid search (query embedded through the sim) that must return the new chunk; vectors already loaded; watcher debounce not included`,
      'ollama-sim `hash`, 768 dims; "2 ms/text" rows simulate the model cost per embedded text',
    ],
    columns: ['index chunks', 'embedding cost', 'texts embedded/edit', 'update() p50', 'search p50', 'total p50', 'total max', 'found', 'target (total p50)'],
    rows: runs.map((r) => {
      const target = targetFor(r.chunks);
      const p50 = percentile(r.totalMs, 0.5);
      return [
        formatNumber(r.chunks),
        r.latencyMs ? `${r.latencyMs} ms/text (simulated)` : '0 (zero latency)',
        formatNumber(r.embedded / r.updateMs.length),
        ms(percentile(r.updateMs, 0.5)),
        ms(percentile(r.searchMs, 0.5)),
        ms(p50),
        ms(Math.max(...r.totalMs)),
        `${r.updateMs.length - r.failures}/${r.updateMs.length}`,
        target ? `<= ${target} ms: ${verdict(p50, target)}` : '-',
      ];
    }),
  };
}
