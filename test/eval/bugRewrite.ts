/**
 * Plumbing check of query rewriting (src/chat/queryRewrite.ts) on the bug-report set: every report
 * searched as typed and with the search terms ollama-sim gives for it, on the cached indexes of
 * `npm run eval -- --only bugs` (opened read-only; run that first).
 *
 * ollama-sim is not a model: its "search terms" are the code-like names the report already spells
 * (test/support/ollamaSim/chatScript.ts, searchTermsFor), so the rewritten rows show what repeating
 * those names at the end of the query does, that the terms reach the search, and what the extra call
 * costs in plumbing. They say nothing about what a real chat model's terms would be worth.
 *
 * Since the rewrite adds only names the question lacks, the sim's terms are all dropped and the
 * rewritten rows equal the typed ones (with the call's cost). Before that filter (commit a673b69),
 * appending the report's own names cost hash keyword Acc@1 58.1 -> 53.5 and hybrid 59.3 -> 57.0
 * (Acc@5 unchanged at 82.6 / 84.9), which is why the filter exists.
 *
 *   node --import tsx test/eval/bugRewrite.ts [--embedder hash|model2vec] [--json FILE]
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rewriteQuery, wantsRewrite, withSearchTerms } from '../../src/chat/queryRewrite';
import { Embedder } from '../../src/indexer/embedder';
import { FolderIndex } from '../../src/indexer/folderIndex';
import type { SearchMode } from '../../src/indexer/types';
import { OllamaClient } from '../../src/ollama';
import { startOllamaSim, type EmbedderKind } from '../support/ollamaSim';
import { bugSetDir, goldFileRank, loadBugReports, type BugReport } from './bugReports';
import { cacheDir, CUTOFF } from './config';
import { median, summarize } from './metrics';
import { formatTable, type Row } from './table';

const MODES: SearchMode[] = ['keyword', 'hybrid'];
const MODEL = 'nomic-embed-text';
const K = 50;

interface Result {
  id: string;
  mode: SearchMode;
  rewritten: boolean;
  rank: number;
  /** Search time, plus the rewrite's model call on rewritten rows. */
  ms: number;
  terms: string[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { embedder: { type: 'string', default: 'hash' }, json: { type: 'string' } } });
  const kind = values.embedder as EmbedderKind;
  const loaded = await loadBugReports();
  if ('missing' in loaded) {
    console.log(`skipped: ${loaded.missing}`);
    return;
  }
  const sim = await startOllamaSim({ port: 0, embedder: kind });
  const client = new OllamaClient({ host: sim.url });
  const results: Result[] = [];
  try {
    const folders = new Map<string, BugReport[]>();
    for (const r of loaded.reports) folders.set(r.folder, [...(folders.get(r.folder) ?? []), r]);
    for (const [folder, group] of folders) {
      const indexDir = join(cacheDir(), 'bug-index', kind, folder);
      if (!existsSync(indexDir)) throw new Error(`${indexDir} is missing: run \`npm run eval -- --only bugs\` first`);
      const index = await FolderIndex.open({ folder: join(bugSetDir(), folder), indexDir, model: MODEL, embedder: new Embedder(client, { model: MODEL }), readOnly: true });
      try {
        for (const r of group) {
          const t0 = performance.now();
          const rewrite = wantsRewrite(r.query) ? await rewriteQuery(r.query, client, { model: 'llama3.2' }, new AbortController().signal) : { terms: [] };
          const rewriteMs = performance.now() - t0;
          for (const mode of MODES) {
            for (const rewritten of [false, true]) {
              const query = rewritten ? withSearchTerms(r.query, rewrite.terms) : r.query;
              const t1 = performance.now();
              const res = await index.search({ query, mode, k: K });
              const ms = performance.now() - t1 + (rewritten ? rewriteMs : 0);
              results.push({ id: r.id, mode, rewritten, ms, terms: rewritten ? rewrite.terms : [], rank: goldFileRank(res.hits, r.goldFiles, CUTOFF) });
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
  const rows: Row[] = [];
  for (const mode of MODES) {
    for (const rewritten of [false, true]) {
      const rs = results.filter((r) => r.mode === mode && r.rewritten === rewritten);
      rows.push({ embedder: kind, mode: `${mode}${rewritten ? '+sim' : ''}`, file: summarize(rs.map((r) => r.rank)), medianMs: median(rs.map((r) => r.ms)) });
    }
  }
  const asked = results.filter((r) => r.mode === 'keyword' && r.rewritten);
  const wanted = loaded.reports.filter((r) => wantsRewrite(r.query)).length;
  const withTerms = asked.filter((r) => r.terms.length > 0).length;
  console.log(`\nQuery rewriting through ollama-sim, PLUMBING ONLY (the sim's terms are names the report already spells; not a model's):`);
  const mean = (asked.reduce((n, r) => n + r.terms.length, 0) / Math.max(1, withTerms)).toFixed(1);
  console.log(`${loaded.reports.length} reports, ${wanted} asked the model, ${withTerms} got new terms (mean ${mean})`);
  console.log(formatTable(rows));
  if (values.json) await writeFile(values.json, JSON.stringify(results, null, 1));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
