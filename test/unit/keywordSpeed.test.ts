import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEYWORD_FILE, KeywordIndex } from '../../src/indexer/keyword';
import type { Chunk } from '../../src/indexer/types';

/**
 * Speed check of the keyword index, opt-in because building 50k chunks takes ~30 s here:
 *   LORE_KEYWORD_SPEED=50000 node --import tsx --test test/unit/keywordSpeed.test.ts
 * Prints latencies instead of asserting them (machines differ); asserts only that queries work.
 * The text is generated: a Zipf-distributed vocabulary of 20k made-up words mixed into camelCase
 * and snake_case identifiers, which is harsher than real code (far more distinct identifiers).
 */
const count = Number(process.env.LORE_KEYWORD_SPEED ?? 0);

function corpus(n: number) {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const syllables = 'ka lo mi re su ta ne vo pi da ge ru zo li fa be no xi ha we'.split(' ');
  const vocab = Array.from({ length: 20000 }, (_, i) => {
    let w = '';
    for (let v = i + 7; v > 0; v = Math.floor(v / 20)) w += syllables[v % 20];
    return w;
  });
  const cdf: number[] = [];
  vocab.reduce((acc, _, i) => (cdf.push(acc + 1 / (i + 1)), acc + 1 / (i + 1)), 0);
  const zipf = () => {
    const r = rnd() * cdf[cdf.length - 1];
    let lo = 0;
    for (let hi = cdf.length - 1; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo];
  };
  const ident = () => {
    const parts = Array.from({ length: 1 + Math.floor(rnd() * 3) }, zipf);
    return rnd() < 0.7 ? parts[0] + parts.slice(1).map((p) => p[0].toUpperCase() + p.slice(1)).join('') : parts.join('_');
  };
  const line = () => `  const ${ident()} = ${Array.from({ length: 4 + Math.floor(rnd() * 8) }, () => (rnd() < 0.5 ? ident() : zipf())).join(' ')};`;
  const chunks: Chunk[] = Array.from({ length: n }, (_, i) => {
    const name = ident();
    const text = `export function ${name}() {\n${Array.from({ length: 20 }, line).join('\n')}\n}`;
    return { id: `c${i}`, path: `src/${zipf()}/${zipf()}.ts`, language: 'typescript', kind: rnd() < 0.8 ? 'code' : 'doc', startLine: 1, endLine: 22, symbol: `function ${name}`, text, hash: `h${i}` };
  });
  const queries = Array.from({ length: 300 }, (_, i) =>
    i % 3 === 0 ? ident() : i % 3 === 1 ? `how does the ${zipf()} ${zipf()} handle ${zipf()} errors` : `${ident()} ${zipf()} ${ident()} ${zipf()}`,
  );
  return { chunks, queries };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(2);

test(`keyword search speed at ${count || 'N'} chunks`, { skip: count ? false : 'set LORE_KEYWORD_SPEED=50000 to run' }, async () => {
  const { chunks, queries } = corpus(count);
  const index = KeywordIndex.empty();
  let t = performance.now();
  for (let i = 0; i < chunks.length; i += 1000) index.add(chunks.slice(i, i + 1000));
  const buildMs = performance.now() - t;
  for (const q of queries.slice(0, 30)) index.search(q, 40);
  const times = queries.map((q) => {
    const start = performance.now();
    index.search(q, 40);
    return performance.now() - start;
  });
  times.sort((a, b) => a - b);
  const dir = await mkdtemp(join(tmpdir(), 'lore-kw-speed-'));
  try {
    t = performance.now();
    await index.save(dir);
    const saveMs = performance.now() - t;
    const bytes = (await stat(join(dir, KEYWORD_FILE))).size;
    t = performance.now();
    const loaded = await KeywordIndex.load(dir);
    const loadMs = performance.now() - t;
    console.log(
      `keyword index, ${count} generated chunks: build ${(buildMs / 1000).toFixed(1)} s; search k=40 over ${times.length} queries ` +
        `p50 ${pct(times, 0.5)} ms, p90 ${pct(times, 0.9)} ms, p99 ${pct(times, 0.99)} ms; ` +
        `save ${(saveMs / 1000).toFixed(1)} s (${(bytes / 2 ** 20).toFixed(0)} MiB), load ${(loadMs / 1000).toFixed(1)} s`,
    );
    assert.equal(loaded.size, count);
    const name = (chunks[123].symbol ?? '').replace('function ', '');
    const top = index.search(name, 5)[0];
    const byId = new Map(chunks.map((c) => [c.id, c]));
    assert.ok(top && byId.get(top.id)?.text.toLowerCase().includes(name.toLowerCase()), `top hit lacks ${name}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
