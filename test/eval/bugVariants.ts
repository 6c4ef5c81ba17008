/**
 * Several retrieval variants on the bug-report set in one process, for comparing knobs quickly:
 * `npx tsx test/eval/bugVariants.ts '[{}, {"titleSupport": 0}]' [keyword,hybrid]`. Opens the cached
 * hash indexes of `npm run eval -- --only bugs` as they are (no update pass: run that table once
 * first) and prints file Acc@1/5/10 and MRR@10 per variant and mode, the same figures as its rows.
 * With --json FILE, writes every report's rank and first files per variant and mode.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FolderIndex } from '../../src/indexer/folderIndex';
import type { RetrievalKnobs } from '../../src/indexer/search';
import type { SearchMode } from '../../src/indexer/types';
import { OllamaClient } from '../../src/ollama';
import { startOllamaSim } from '../support/ollamaSim';
import { bugSetDir, goldFileRank, loadBugReports } from './bugReports';
import { cacheDir, CUTOFF } from './config';
import { summarize } from './metrics';
import { PrimedEmbedder } from './queryCache';

const MODEL = 'nomic-embed-text';
const BUG_SEARCH_K = 50;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'string' } } });
  const variants = JSON.parse(positionals[0] ?? '[{}]') as RetrievalKnobs[];
  const modes = (positionals[1] ?? 'keyword,hybrid').split(',') as SearchMode[];
  const loaded = await loadBugReports();
  if ('missing' in loaded) throw new Error(loaded.missing);
  const sim = await startOllamaSim({ port: 0, embedder: 'hash' });
  const ranks = new Map<string, number[]>();
  const detail: Record<string, Record<string, { rank: number; top: string[] }>> = {};
  try {
    const client = new OllamaClient({ host: sim.url });
    for (const folder of [...new Set(loaded.reports.map((r) => r.folder))]) {
      const group = loaded.reports.filter((r) => r.folder === folder);
      const embedder = new PrimedEmbedder(client, { model: MODEL, batchSize: 64 });
      const index = await FolderIndex.open({ folder: join(bugSetDir(), folder), indexDir: join(cacheDir(), 'bug-index', 'hash', folder), model: MODEL, embedder });
      try {
        await embedder.prime(group.map((r) => r.query));
        for (const [v, retrieval] of variants.entries()) {
          for (const mode of modes) {
            const key = `${JSON.stringify(retrieval)} ${mode}`;
            for (const r of group) {
              const res = await index.search({ query: r.query, mode, k: BUG_SEARCH_K, retrieval });
              const rank = goldFileRank(res.hits, r.goldFiles, CUTOFF);
              ranks.set(key, [...(ranks.get(key) ?? []), rank]);
              (detail[`${v} ${mode}`] ??= {})[r.id] = { rank, top: [...new Set(res.hits.map((h) => h.path))].slice(0, CUTOFF) };
            }
          }
        }
      } finally {
        await index.close();
      }
    }
  } finally {
    await sim.close();
  }
  for (const [key, rs] of ranks) {
    const s = summarize(rs);
    const pct = (x: number) => (100 * x).toFixed(1);
    console.log(`${key.padEnd(60)} ${pct(s.acc1)} / ${pct(s.acc5)} / ${pct(s.acc10)} / ${s.mrr.toFixed(3)}`);
  }
  if (values.json) await writeFile(values.json, JSON.stringify(detail, null, 1));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
