/**
 * `npm run bench [-- --tables 1,2,3,4,5,6,7,8] [--sizes 10000,50000,200000] [--bulk-sizes 50000,200000] [--latency 2] [--fresh] [--out FILE]`
 * Prints the six benchmark tables of issue 6 (never part of `npm test`). Needs the npm registry
 * once, to fetch the corpus into ~/.cache/lore-bench (LORE_BENCH_CACHE overrides); large indexes
 * are generated from it and cached there too (`--fresh` regenerates them).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bulkDataNote, bulkWriteTable, measureBulkWrite } from './bulkWrite';
import { cliIncrementalTable, measureCliIncremental } from './cliIncremental';
import { benchDiscoveryChunking } from './discoveryChunking';
import { extensionTable, measureExtension } from './extensionCost';
import { fullIndexRun, fullIndexTable } from './fullIndex';
import { CORPUS_PACKAGES, ensureCorpus } from './lib/corpus';
import { describeMachine } from './lib/machine';
import { syntheticIndex, type SyntheticIndex } from './lib/synthetic';
import { renderTable, type Table } from './lib/table';
import { measureMemory, memoryTable } from './memory';
import { measureSearch, searchTable } from './searchLatency';
import { measureUpdate, updateTable } from './updateLatency';

const { values: args } = parseArgs({
  options: {
    tables: { type: 'string', default: '1,2,3,4,5,6,7,8' },
    'bulk-sizes': { type: 'string', default: '50000,200000' },
    sizes: { type: 'string', default: '10000,50000,200000' },
    latency: { type: 'string', default: '2' },
    fresh: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const wanted = new Set(args.tables.split(',').map(Number));
const sizes = args.sizes.split(',').map(Number);
const latency = Number(args.latency);
const log = (m: string): void => void process.stderr.write(`bench: ${m}\n`);
const printed: string[] = [];

function print(t: Table): void {
  const text = renderTable(t);
  printed.push(text);
  console.log(text);
}

async function main(): Promise<void> {
  const header = `# Lore benchmarks (${new Date().toISOString().slice(0, 10)})\n\n${describeMachine()}\n`;
  console.log(header);
  printed.push(header);
  const corpus = ensureCorpus(log);
  const corpusNote = `corpus: ${CORPUS_PACKAGES.length} npm packages (${CORPUS_PACKAGES.join(', ')}), unpacked as plain folders`;

  log('table 1: discovery + chunking');
  const chunked = await benchDiscoveryChunking(corpus);
  if (wanted.has(1)) print(chunked.table);

  if (wanted.has(2)) {
    const runs = [];
    for (const l of [0, latency]) {
      log(`table 2: full index at ${l} ms/text`);
      runs.push(await fullIndexRun(corpus, l));
    }
    print(fullIndexTable(`${corpusNote}; ${chunked.files} files`, runs));
  }

  const needIndexes = [3, 4, 5].some((t) => wanted.has(t));
  const indexes: SyntheticIndex[] = [];
  if (needIndexes) {
    for (const n of sizes) {
      log(`generating the ${n}-chunk index`);
      indexes.push(await syntheticIndex(chunked.chunks, n, args.fresh, log));
    }
  }
  const synthNote = `indexes: ${indexes.map((s) => `${s.chunks.toLocaleString('en-US')} chunks / ${s.files.toLocaleString('en-US')} files`).join(', ')}; generated from the corpus's ${chunked.chunks.length.toLocaleString('en-US')} real chunks replicated with variations (copyN/ paths, a third of the identifiers renamed per copy), vectors from the sim's hash embedder (768 dims), written through LoreStore + KeywordIndex${indexes.some((s) => s.cached) ? '; generated once, cached in ~/.cache/lore-bench' : ''}`;

  if (wanted.has(3)) {
    const runs = [];
    for (const si of indexes) {
      for (const l of [0, latency]) {
        log(`table 3: update at ${si.chunks} chunks, ${l} ms/text`);
        runs.push(await measureUpdate(si, corpus, l));
      }
    }
    print(updateTable(runs, synthNote));
  }
  if (wanted.has(4)) {
    const runs = [];
    for (const si of indexes) {
      log(`table 4: search at ${si.chunks} chunks`);
      runs.push(await measureSearch(si));
    }
    print(searchTable(runs, synthNote));
  }
  if (wanted.has(5)) {
    const runs = [];
    for (const si of indexes) {
      log(`table 5: memory at ${si.chunks} chunks`);
      runs.push(await measureMemory(si));
    }
    print(memoryTable(runs, synthNote));
  }
  if (wanted.has(6)) {
    log('table 6: extension cost');
    print(extensionTable(measureExtension(), 'bundles built from this checkout'));
  }
  if (wanted.has(7)) {
    log('table 7: `lore index` after one edited file');
    print(cliIncrementalTable(await measureCliIncremental(corpus, log), corpusNote));
  }
  if (wanted.has(8)) {
    log('table 8: bulk writes, Lore vs LanceDB');
    print(bulkWriteTable(await measureBulkWrite(chunked.chunks, args['bulk-sizes'].split(',').map(Number), log), bulkDataNote(chunked.chunks.length)));
  }
  if (args.out) writeFileSync(args.out, printed.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
