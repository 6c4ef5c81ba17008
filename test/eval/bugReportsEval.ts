/**
 * The bug-report table of `npm run eval`: each tree of ../shared/eval-bugs indexed as a user's
 * workspace (tests, docs and all, through FolderIndex), every report asked verbatim in each mode,
 * scored by where the fixed file first appears among the distinct files of the hits. Indexes are
 * kept between runs under the eval cache (per embedder and tree), so re-measuring a retrieval
 * change costs the searches only. An update pass brings them up to date with the tree, and the
 * store and keyword index rebuild themselves when their formats change; a change to the chunkers
 * is not noticed (Lore keys chunks by file content), so run with --fresh after one.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discover } from '../../src/indexer/discovery';
import { FolderIndex } from '../../src/indexer/folderIndex';
import type { RetrievalKnobs } from '../../src/indexer/search';
import type { SearchMode } from '../../src/indexer/types';
import { OllamaClient } from '../../src/ollama';
import { startOllamaSim, type EmbedderKind } from '../support/ollamaSim';
import { WholeFileBm25 } from './bm25Baseline';
import { bugSetDir, goldFileRank, loadBugReports, type BugReport } from './bugReports';
import { cacheDir, CUTOFF } from './config';
import { median, summarize } from './metrics';
import { PrimedEmbedder } from './queryCache';
import { formatTable, type Row } from './table';

const MODES: SearchMode[] = ['keyword', 'vector', 'hybrid'];
const MODEL = 'nomic-embed-text';
/** Chunks asked for per report: enough for 10 distinct files even when a few files hold many hits. */
const BUG_SEARCH_K = 50;

export interface BugResult {
  id: string;
  folder: string;
  embedder: string;
  mode: string;
  rank: number;
  ms?: number;
  /** The first distinct files of the hits (for reading failures in --json output). */
  top: string[];
}

export interface BugTableOptions {
  kinds: readonly EmbedderKind[];
  retrieval?: RetrievalKnobs;
  /** Write every result (ranks and top files) here. */
  json?: string;
  /** Delete the cached indexes first (after a chunker change). */
  fresh?: boolean;
}

function topFiles(hits: readonly { path: string }[], n: number): string[] {
  return [...new Set(hits.map((h) => h.path))].slice(0, n);
}

function byFolder(reports: readonly BugReport[]): Map<string, BugReport[]> {
  const out = new Map<string, BugReport[]>();
  for (const r of reports) out.set(r.folder, [...(out.get(r.folder) ?? []), r]);
  return out;
}

async function evalKind(kind: EmbedderKind, reports: readonly BugReport[], opts: BugTableOptions, results: BugResult[]): Promise<void> {
  const sim = await startOllamaSim({ port: 0, embedder: kind });
  try {
    const client = new OllamaClient({ host: sim.url });
    for (const [folder, group] of byFolder(reports)) {
      const embedder = new PrimedEmbedder(client, { model: MODEL, batchSize: 64 });
      const indexDir = join(cacheDir(), 'bug-index', kind, folder);
      if (opts.fresh) await rm(indexDir, { recursive: true, force: true });
      const index = await FolderIndex.open({ folder: join(bugSetDir(), folder), indexDir, model: MODEL, embedder });
      try {
        const started = performance.now();
        const report = await index.update();
        process.stderr.write(`  bugs ${kind}: ${folder} ${report.chunks} chunks (${report.filesIndexed} files indexed now) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        await embedder.prime(group.map((r) => r.query));
        for (const [i, r] of group.entries()) {
          for (const m of MODES.keys()) {
            // Modes take turns report by report, so that load from other processes hits them alike.
            const mode = MODES[(i + m) % MODES.length];
            const t0 = performance.now();
            const res = await index.search({ query: r.query, mode, k: BUG_SEARCH_K, retrieval: opts.retrieval });
            const ms = performance.now() - t0;
            if (res.mode !== mode) throw new Error(`asked for ${mode}, got ${res.mode}: ${res.fallbackReason}`);
            results.push({ id: r.id, folder, embedder: kind, mode, ms, rank: goldFileRank(res.hits, r.goldFiles, CUTOFF), top: topFiles(res.hits, CUTOFF) });
          }
        }
      } finally {
        await index.close();
      }
    }
  } finally {
    await sim.close();
  }
}

async function baseline(reports: readonly BugReport[], results: BugResult[]): Promise<void> {
  for (const [folder, group] of byFolder(reports)) {
    const root = join(bugSetDir(), folder);
    const { files } = await discover(root);
    const bm25 = await WholeFileBm25.build(root, files.map((f) => f.path));
    for (const r of group) {
      const hits = bm25.search(r.query, CUTOFF);
      results.push({ id: r.id, folder, embedder: '-', mode: 'bm25-file', rank: goldFileRank(hits, r.goldFiles, CUTOFF), top: topFiles(hits, CUTOFF) });
    }
  }
}

function rows(results: readonly BugResult[]): Row[] {
  const groups = new Map<string, BugResult[]>();
  for (const r of results) groups.set(`${r.embedder}\u0000${r.mode}`, [...(groups.get(`${r.embedder}\u0000${r.mode}`) ?? []), r]);
  return [...groups].map(([key, rs]) => {
    const [embedder, mode] = key.split('\u0000');
    const row: Row = { embedder, mode, file: summarize(rs.map((r) => r.rank)) };
    if (rs[0].ms !== undefined) row.medianMs = median(rs.map((r) => r.ms ?? 0));
    return row;
  });
}

/** Runs the table and prints it, or prints why it was skipped. */
export async function runBugTable(opts: BugTableOptions): Promise<void> {
  const loaded = await loadBugReports();
  if ('missing' in loaded) {
    console.log(`\nBug report -> fixed file: skipped, ${loaded.missing}`);
    return;
  }
  const { reports } = loaded;
  const results: BugResult[] = [];
  await baseline(reports, results);
  for (const kind of opts.kinds) await evalKind(kind, reports, opts, results);
  const folders = [...byFolder(reports)].map(([f, g]) => `${f} ${g.length}`).join(', ');
  console.log(`\nBug report -> fixed file (${reports.length} SWE-bench Lite reports: ${folders}; whole trees indexed; file level only, chunk columns unused):`);
  console.log(formatTable(rows(results)));
  if (opts.json) await writeFile(opts.json, JSON.stringify(results, null, 1));
}
