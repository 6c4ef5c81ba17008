import { promises as fs } from 'node:fs';
import pLimit from 'p-limit';
import { chunkFile, languageForPath } from '../src/indexer/chunking';
import { discover, readTextFile, summarizeSkips } from '../src/indexer/discovery';
import type { Chunk } from '../src/indexer/types';
import { CORPUS_PACKAGES } from './lib/corpus';
import { formatNumber, type Table } from './lib/table';

export interface CorpusChunks {
  table: Table;
  /** Every chunk of the corpus, with its path; input for the synthetic large indexes. */
  chunks: Chunk[];
  files: number;
}

/**
 * Table 1: discovery, then read + chunk of every indexable file, as runUpdate does it (8 reads in
 * flight, chunking on the main thread). Grammars load on first use, so the chunk figures include
 * each grammar's one-time load.
 */
export async function benchDiscoveryChunking(corpus: string): Promise<CorpusChunks> {
  const t0 = performance.now();
  const found = await discover(corpus);
  const discoverMs = performance.now() - t0;
  const files = found.files.filter((f) => languageForPath(f.path));
  const unsupported = found.files.length - files.length;

  const limit = pLimit(8);
  const chunks: Chunk[] = [];
  let bytes = 0;
  let readFailed = 0;
  const t1 = performance.now();
  await Promise.all(files.map((f) => limit(async () => {
    const read = await readTextFile(f.absPath);
    if (!read.ok) {
      readFailed++;
      return;
    }
    bytes += Buffer.byteLength(read.text);
    chunks.push(...(await chunkFile(f.path, read.text)));
  })));
  const chunkMs = performance.now() - t1;
  const totalMs = discoverMs + chunkMs;
  const seen = (await fs.readdir(corpus, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
  const skips = Object.entries(summarizeSkips(found.skipped)).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
  const chunked = files.length - readFailed;
  const mbOf = (b: number, msTaken: number) => `${formatNumber(b / 2 ** 20 / (msTaken / 1000))} MB/s`;
  const rate = (n: number, msTaken: number) => `${formatNumber(n / (msTaken / 1000))}/s`;
  return {
    chunks,
    files: chunked,
    table: {
      title: 'Table 1 - discovery + chunking throughput (real corpus)',
      notes: [
        `corpus: ${CORPUS_PACKAGES.join(', ')} (npm pack, unpacked under ${corpus})`,
        `${formatNumber(seen)} files on disk; discovery kept ${formatNumber(found.files.length)} (skips: ${skips}); ${unsupported} with no chunker; ${formatNumber(chunked)} chunked, ${(bytes / 2 ** 20).toFixed(1)} MB of text, ${formatNumber(chunks.length)} chunks`,
        'no embedding involved; one run, cold (grammar wasm loads included)',
      ],
      columns: ['stage', 'time', 'files/s', 'MB/s', 'chunks/s'],
      rows: [
        ['discover (walk, ignore rules, sniff)', `${formatNumber(discoverMs)} ms`, rate(found.files.length + found.skipped.length, discoverMs), '-', '-'],
        ['read + chunk (tree-sitter, markdown, text)', `${formatNumber(chunkMs)} ms`, rate(chunked, chunkMs), mbOf(bytes, chunkMs), rate(chunks.length, chunkMs)],
        ['discover + read + chunk', `${formatNumber(totalMs)} ms`, rate(chunked, totalMs), mbOf(bytes, totalMs), rate(chunks.length, totalMs)],
      ],
    },
  };
}
