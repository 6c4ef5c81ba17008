/**
 * Child process of the memory benchmark (a fresh process per index, so nothing else is resident):
 *   node --expose-gc --import tsx bench/memoryProbe.ts <folder> <indexDir>
 * Prints one JSON line: RSS before opening, after open, and after one search per mode (every
 * shard's vectors and the keyword index loaded).
 */
import { FolderIndex } from '../src/indexer/folderIndex';
import { OfflineEmbedder } from './lib/offlineEmbedder';
import { EMBED_MODEL } from './lib/sim';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main(): Promise<void> {
  const [folder, indexDir] = process.argv.slice(2);
  const embedder = new OfflineEmbedder();
  gc();
  const base = process.memoryUsage();
  const t0 = performance.now();
  const index = await FolderIndex.open({ folder, indexDir, model: EMBED_MODEL, embedder });
  const openMs = performance.now() - t0;
  gc();
  const opened = process.memoryUsage();
  for (const mode of ['hybrid', 'vector', 'keyword'] as const) await index.search({ query: 'retry the request after a timeout', mode });
  gc();
  const loaded = process.memoryUsage();
  const status = index.status();
  console.log(JSON.stringify({
    chunks: status.chunks, openMs, rssBase: base.rss, rssOpen: opened.rss, rss: loaded.rss,
    heapUsed: loaded.heapUsed, external: loaded.external, arrayBuffers: loaded.arrayBuffers,
  }));
  await index.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
