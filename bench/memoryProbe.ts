/**
 * Child process of the memory benchmark (a fresh process per index, so nothing else is resident):
 *   node --expose-gc --import tsx bench/memoryProbe.ts <folder> <indexDir>
 * Prints one JSON line: RSS before opening, after open, and after one search per mode (every
 * shard's vectors and the keyword index loaded); the open, the first search and the p50 of warm
 * hybrid searches (query vectors precomputed: the query embedding is excluded).
 */
import { FolderIndex } from '../src/indexer/folderIndex';
import { OfflineEmbedder } from './lib/offlineEmbedder';
import { EMBED_MODEL } from './lib/sim';
import { percentile } from './lib/table';
import { QUERIES } from './searchLatency';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main(): Promise<void> {
  const [folder, indexDir] = process.argv.slice(2);
  const embedder = new OfflineEmbedder();
  embedder.precompute([...QUERIES, 'retry the request after a timeout']);
  gc();
  const base = process.memoryUsage();
  const t0 = performance.now();
  const index = await FolderIndex.open({ folder, indexDir, model: EMBED_MODEL, embedder });
  const openMs = performance.now() - t0;
  gc();
  const opened = process.memoryUsage();
  let firstSearchMs = 0;
  for (const mode of ['hybrid', 'vector', 'keyword'] as const) {
    const t = performance.now();
    await index.search({ query: 'retry the request after a timeout', mode });
    if (mode === 'hybrid') firstSearchMs = performance.now() - t;
  }
  await index.verify(); // the background check of every shard, once per process
  const hybrid: number[] = [];
  for (const query of QUERIES) {
    const t = performance.now();
    await index.search({ query, mode: 'hybrid', k: 8 });
    hybrid.push(performance.now() - t);
  }
  gc();
  const loaded = process.memoryUsage();
  const status = index.status();
  console.log(JSON.stringify({
    chunks: status.chunks, openMs, firstSearchMs, hybridP50: percentile(hybrid, 0.5), rssBase: base.rss, rssOpen: opened.rss, rss: loaded.rss,
    heapUsed: loaded.heapUsed, external: loaded.external, arrayBuffers: loaded.arrayBuffers,
  }));
  await index.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
