/**
 * Where a search's time goes, per mode, on the indexes `npm run eval -- --keep --json Q.json` leaves:
 * `tsx bench/searchPhases.ts <kept eval dir> <Q.json> [--reps N] [--modes vector,hybrid,keyword]`.
 * Wraps the store's and keyword index's search calls of each FolderIndex and reports medians of
 * their time, of the chunk reads (calls, chunks read) and of the rest (fusion, boosts, merging).
 * Runs alternating modes query by query, like the eval, so machine load hits them alike.
 * `--no-complete-scores` compares the truncated-list fusion. Not part of `npm run bench` (needs the eval data).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FolderIndex } from '../src/indexer/folderIndex';
import type { SearchMode } from '../src/indexer/types';
import { OllamaClient } from '../src/ollama';
import { startOllamaSim } from '../test/support/ollamaSim';
import { PrimedEmbedder } from '../test/eval/queryCache';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { reps: { type: 'string', default: '3' }, modes: { type: 'string', default: 'vector,hybrid,keyword' }, 'no-complete-scores': { type: 'boolean', default: false } },
});
const [root, queryFile] = positionals;
if (!root || !queryFile) throw new Error('usage: tsx bench/searchPhases.ts <kept eval dir> <eval --json file>');
const modes = args.modes.split(',') as SearchMode[];
const reps = Number(args.reps);
const queries = JSON.parse(readFileSync(queryFile, 'utf8')) as { query: { project: string; query: string } }[];

type Method = (...a: unknown[]) => unknown;
const timings = new Map<string, Map<string, number[]>>();
const record = (mode: string, phase: string, v: number): void => {
  const byPhase = timings.get(mode) ?? timings.set(mode, new Map()).get(mode)!;
  (byPhase.get(phase) ?? byPhase.set(phase, []).get(phase)!).push(v);
};

/** Replaces obj[name] with a wrapper adding its wall time (sync or async) to acc[name]. */
function wrap(obj: Record<string, Method>, name: string, acc: () => Record<string, number>): void {
  const original = obj[name].bind(obj);
  obj[name] = (...a: unknown[]) => {
    const t = performance.now();
    if (name === 'getChunks') {
      acc().reads = (acc().reads ?? 0) + 1;
      acc().chunks = (acc().chunks ?? 0) + (a[0] as unknown[]).length;
    }
    const done = (v: unknown) => ((acc()[name] = (acc()[name] ?? 0) + performance.now() - t), v);
    const r = original(...a);
    return r instanceof Promise ? r.then(done) : done(r);
  };
}

async function main(): Promise<void> {
  const sim = await startOllamaSim({ port: 0, embedder: 'hash' });
  const client = new OllamaClient({ host: sim.url });
  try {
    for (const project of [...new Set(queries.map((q) => q.query.project))]) {
      const texts = [...new Set(queries.filter((q) => q.query.project === project).map((q) => q.query.query))];
      const embedder = new PrimedEmbedder(client, { model: 'nomic-embed-text', batchSize: 64 });
      const folder = join(root, 'src', project.replace(/@[^@]*$/, ''));
      const index = await FolderIndex.open({ folder, indexDir: join(root, 'index', 'hash', project), model: 'nomic-embed-text', embedder });
      await embedder.prime(texts);
      let acc: Record<string, number> = {};
      const inner = index as unknown as { store: Record<string, Method>; keyword: Record<string, Method> };
      // vectorSearch calls vectorSearchScored: wrap only the latter.
      for (const n of ['vectorSearchScored', 'getChunks']) wrap(inner.store, n, () => acc);
      for (const n of ['search', 'searchScored']) wrap(inner.keyword, n, () => acc);
      for (let rep = 0; rep <= reps; rep++) {
        for (const [i, q] of texts.entries()) {
          for (const m of modes.keys()) {
            const mode = modes[(i + m) % modes.length];
            acc = {};
            const t = performance.now();
            await index.search({ query: q, mode, k: 30, retrieval: args['no-complete-scores'] ? { completeScores: false } : undefined });
            const total = performance.now() - t;
            if (rep === 0) continue; // warm-up round
            record(mode, 'total', total);
            for (const [phase, v] of Object.entries(acc)) record(mode, phase, v);
            // The keyword side of hybrid runs while the store's freshness check is pending, inside its span.
            const kw = mode === 'hybrid' ? 0 : (acc.search ?? 0) + (acc.searchScored ?? 0);
            record(mode, 'rest', total - (acc.vectorSearchScored ?? 0) - (acc.getChunks ?? 0) - kw);
          }
        }
      }
      await index.close();
    }
  } finally {
    await sim.close();
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  for (const [mode, byPhase] of timings) {
    console.log(`${mode.padEnd(8)} ${[...byPhase].map(([p, v]) => `${p} ${median(v).toFixed(p === 'reads' || p === 'chunks' ? 0 : 2)}`).join(' | ')}`);
  }
}
void main();
