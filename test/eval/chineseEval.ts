/**
 * The Chinese table of `npm run eval`: fifteen npm packages whose documentation is written in
 * Chinese (chineseConfig.ts), each indexed whole through FolderIndex against ollama-sim; heading ->
 * section and first sentence -> paragraph queries from their Chinese Markdown (chineseSections.ts),
 * asked in every mode and scored like the English Markdown table (file and chunk level).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { setCjkMode, type CjkMode } from '../../src/indexer/keyword/cjk';
import type { RetrievalKnobs } from '../../src/indexer/search';
import type { SearchMode } from '../../src/indexer/types';
import { OllamaClient } from '../../src/ollama';
import { startOllamaSim, type EmbedderKind } from '../support/ollamaSim';
import { WholeFileBm25 } from './bm25Baseline';
import { CHINESE_PROJECTS } from './chineseConfig';
import { buildChineseProject, type ChineseQuery } from './chineseDataset';
import { CUTOFF, SEARCH_K } from './config';
import type { ProjectData } from './dataset';
import { fetchAll } from './fetchAll';
import { chunkRank, fileRank, median, summarize } from './metrics';
import { PrimedEmbedder } from './queryCache';
import { formatTable, type Row } from './table';

const MODES: SearchMode[] = ['keyword', 'vector', 'hybrid'];
const MODEL = 'nomic-embed-text';

type Project = Omit<ProjectData, 'queries'> & { queries: ChineseQuery[] };

export interface ChineseResult {
  query: ChineseQuery;
  embedder: string;
  mode: string;
  fileRank: number;
  chunkRank?: number;
  ms?: number;
}

export interface ChineseTableOptions {
  kinds: readonly EmbedderKind[];
  retrieval?: RetrievalKnobs;
  /** Write every result (query, gold, ranks) here. */
  json?: string;
  keep?: boolean;
}

async function evalKind(kind: EmbedderKind, projects: readonly Project[], root: string, opts: ChineseTableOptions, results: ChineseResult[]): Promise<void> {
  const sim = await startOllamaSim({ port: 0, embedder: kind });
  try {
    const client = new OllamaClient({ host: sim.url });
    for (const p of projects) {
      const name = p.queries[0]?.project ?? 'x';
      const embedder = new PrimedEmbedder(client, { model: MODEL, batchSize: 64 });
      const index = await FolderIndex.open({ folder: p.folder, indexDir: join(root, 'index', kind, name), model: MODEL, embedder });
      try {
        const started = performance.now();
        const report = await index.update();
        process.stderr.write(`  zh ${kind}: ${name} ${report.chunks} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        await embedder.prime(p.queries.map((q) => q.query));
        for (const [i, q] of p.queries.entries()) {
          for (const m of MODES.keys()) {
            // Modes take turns query by query, so that load from other processes hits them alike.
            const mode = MODES[(i + m) % MODES.length];
            const t0 = performance.now();
            const res = await index.search({ query: q.query, mode, k: SEARCH_K, retrieval: opts.retrieval });
            const ms = performance.now() - t0;
            if (res.mode !== mode) throw new Error(`asked for ${mode}, got ${res.mode}: ${res.fallbackReason}`);
            results.push({ query: q, embedder: kind, mode, ms, fileRank: fileRank(res.hits, q, CUTOFF), chunkRank: chunkRank(res.hits, q, CUTOFF) });
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

function rowsOf(results: readonly ChineseResult[], filter: (r: ChineseResult) => boolean): Row[] {
  const groups = new Map<string, ChineseResult[]>();
  for (const r of results.filter(filter)) {
    const key = `${r.embedder}\u0000${r.mode}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([key, rs]) => {
    const [embedder, mode] = key.split('\u0000');
    const row: Row = { embedder, mode, file: summarize(rs.map((r) => r.fileRank)) };
    if (rs[0].chunkRank !== undefined) row.chunk = summarize(rs.map((r) => r.chunkRank ?? 0));
    if (rs[0].ms !== undefined) row.medianMs = median(rs.map((r) => r.ms ?? 0));
    return row;
  });
}

/** Builds the set, runs every query in every mode with each embedder, prints the tables. */
export async function runChineseTable(opts: ChineseTableOptions): Promise<void> {
  // LORE_CJK_MODE=segment|both measures the other CJK analyses (src/indexer/keyword/cjk.ts).
  const mode = process.env.LORE_CJK_MODE;
  if (mode === 'segment' || mode === 'both' || mode === 'bigram') setCjkMode(mode satisfies CjkMode);
  const root = await mkdtemp(join(tmpdir(), 'lore-eval-zh-'));
  try {
    const trees = await fetchAll(CHINESE_PROJECTS);
    const projects: Project[] = [];
    for (const [i, project] of CHINESE_PROJECTS.entries()) projects.push(await buildChineseProject(project, trees[i], join(root, 'src', project.name)));
    const all = projects.flatMap((p) => p.queries);
    const results: ChineseResult[] = [];
    for (const p of projects) {
      const bm25 = await WholeFileBm25.build(p.folder, p.files);
      for (const q of p.queries) results.push({ query: q, embedder: '-', mode: 'bm25-file', fileRank: fileRank(bm25.search(q.query, CUTOFF), q, CUTOFF) });
    }
    for (const kind of opts.kinds) await evalKind(kind, projects, root, opts, results);
    const headings = all.filter((q) => q.shape === 'heading').length;
    console.log(`\nChinese documentation (${all.length} queries over ${projects.length} packages: ${headings} heading -> section, ${all.length - headings} first sentence -> paragraph):`);
    console.log(formatTable(rowsOf(results, () => true)));
    for (const shape of ['heading', 'sentence'] as const) {
      console.log(`\nChinese ${shape === 'heading' ? 'heading -> section' : 'first sentence -> paragraph'} only (${all.filter((q) => q.shape === shape).length}):`);
      console.log(formatTable(rowsOf(results, (r) => r.query.shape === shape)));
    }
    if (opts.json) await writeFile(opts.json, JSON.stringify(results, null, 1));
  } finally {
    if (opts.keep) process.stderr.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}
