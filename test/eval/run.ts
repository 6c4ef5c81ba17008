/**
 * `npm run eval`: retrieval quality of Lore on real packages (see README.md). Builds the stripped
 * copies and queries, indexes each project with FolderIndex against ollama-sim over HTTP (hash and,
 * when its files are present, model2vec), runs every query in keyword, vector and hybrid mode and
 * prints one table with a whole-file BM25 baseline. Options: --embedders hash,model2vec
 * --json FILE (per-query ranks) --keep (leave the temp folder) --retrieval JSON (retrieval knobs,
 * e.g. '{"completeScores":false}', to compare a variant in the same setting) --only bugs|main|zh
 * (one part: the bug-report table of bugReportsEval.ts, the English tables, or the Chinese tables of
 * chineseEval.ts) --fresh (rebuild its cached indexes).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FolderIndex } from '../../src/indexer/folderIndex';
import type { RetrievalKnobs } from '../../src/indexer/search';
import { OllamaClient } from '../../src/ollama';
import type { SearchMode } from '../../src/indexer/types';
import { findModel2VecDir, startOllamaSim, type EmbedderKind } from '../support/ollamaSim';
import { WholeFileBm25 } from './bm25Baseline';
import { CUTOFF, PROJECTS, SEARCH_K } from './config';
import { buildProject, type EvalQuery, type ProjectData } from './dataset';
import { fetchAll } from './fetchAll';
import { chunkRank, fileRank, median, summarize } from './metrics';
import { PrimedEmbedder } from './queryCache';
import { formatTable, type Row } from './table';
import { runBugTable } from './bugReportsEval';
import { runChineseTable } from './chineseEval';

const MODES: SearchMode[] = ['keyword', 'vector', 'hybrid'];
const MODEL = 'nomic-embed-text';

interface QueryResult {
  query: EvalQuery;
  embedder: string;
  mode: string;
  fileRank: number;
  chunkRank?: number;
  ms?: number;
}

type Knobs = RetrievalKnobs | undefined;

async function evalEmbedder(kind: EmbedderKind, projects: readonly ProjectData[], root: string, results: QueryResult[], retrieval: Knobs): Promise<void> {
  const sim = await startOllamaSim({ port: 0, embedder: kind });
  try {
    const client = new OllamaClient({ host: sim.url });
    for (const p of projects) {
      const embedder = new PrimedEmbedder(client, { model: MODEL, batchSize: 64 });
      const index = await FolderIndex.open({ folder: p.folder, indexDir: join(root, 'index', kind, p.queries[0]?.project ?? 'x'), model: MODEL, embedder });
      try {
        const started = performance.now();
        const report = await index.update();
        process.stderr.write(`  ${kind}: ${p.queries[0]?.project} ${report.chunks} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        await embedder.prime(p.queries.map((q) => q.query));
        // Modes take turns query by query, so that load from other processes hits them alike.
        for (const [i, q] of p.queries.entries()) {
          for (const m of MODES.keys()) {
            const mode = MODES[(i + m) % MODES.length];
            const t0 = performance.now();
            const res = await index.search({ query: q.query, mode, k: SEARCH_K, retrieval });
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

function rowsOf(results: readonly QueryResult[], filter: (r: QueryResult) => boolean): Row[] {
  const groups = new Map<string, QueryResult[]>();
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { embedders: { type: 'string', default: 'hash,model2vec' }, json: { type: 'string' }, keep: { type: 'boolean', default: false }, retrieval: { type: 'string' }, only: { type: 'string' }, fresh: { type: 'boolean', default: false } } });
  const retrieval = values.retrieval ? (JSON.parse(values.retrieval) as Knobs) : undefined;
  const wanted = (values.embedders ?? '').split(',').filter((e): e is EmbedderKind => e === 'hash' || e === 'model2vec');
  const kinds = wanted.filter((k) => {
    if (k !== 'model2vec' || findModel2VecDir()) return true;
    process.stderr.write('model2vec skipped: ../shared/models/model2vec-bge-base-vq128 not found (set LORE_MODEL2VEC_DIR)\n');
    return false;
  });
  // --only bugs: just the bug-report table (its indexes are cached); --only main: everything else.
  const bugs = { kinds, retrieval, fresh: values.fresh };
  if (values.only === 'bugs') return runBugTable({ ...bugs, json: values.json });
  if (values.only === 'zh') return runChineseTable({ kinds, retrieval, json: values.json, keep: values.keep });
  const root = await mkdtemp(join(tmpdir(), 'lore-eval-'));
  try {
    const trees = await fetchAll(PROJECTS);
    const projects: ProjectData[] = [];
    for (const [i, project] of PROJECTS.entries()) projects.push(await buildProject(project, trees[i], join(root, 'src', project.name)));
    const all = projects.flatMap((p) => p.queries);
    process.stderr.write(`${all.length} queries (${all.filter((q) => q.kind === 'code').length} code, ${all.filter((q) => q.kind === 'doc').length} docs) over ${projects.length} projects\n`);

    const results: QueryResult[] = [];
    for (const p of projects) {
      const bm25 = await WholeFileBm25.build(p.folder, p.files);
      for (const q of p.queries) results.push({ query: q, embedder: '-', mode: 'bm25-file', fileRank: fileRank(bm25.search(q.query, CUTOFF), q, CUTOFF) });
    }
    for (const kind of kinds) await evalEmbedder(kind, projects, root, results, retrieval);

    console.log(`Lore retrieval eval: ${all.length} queries, ${projects.length} projects; Acc@k and MRR@${CUTOFF} in %, file level and chunk level (range overlaps gold)\n`);
    console.log(formatTable(rowsOf(results, () => true)));
    for (const kind of ['code', 'doc'] as const) {
      console.log(`\n${kind === 'code' ? 'Doc comment -> definition' : 'Markdown heading -> section'} queries only (${all.filter((q) => q.kind === kind).length}):`);
      console.log(formatTable(rowsOf(results, (r) => r.query.kind === kind)));
    }
    if (values.json) await writeFile(values.json, JSON.stringify(results, null, 1));
    if (values.only !== 'main') await runChineseTable({ kinds, retrieval, json: values.json && `${values.json}.zh.json`, keep: values.keep });
    if (values.only !== 'main') await runBugTable({ ...bugs, json: values.json && `${values.json}.bugs.json` });
  } finally {
    if (values.keep) process.stderr.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
