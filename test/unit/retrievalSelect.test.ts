import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boostFactor, type BoostContext } from '../../src/indexer/search/boosts';
import { selectTop } from '../../src/indexer/search/select';
import type { ScoredId } from '../../src/indexer/search/fusion';
import type { Chunk } from '../../src/indexer/types';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Boost every candidate, sort (stable), dedupe by text, cap per file, take k: what selectTop must equal. */
function bruteForce(fused: ScoredId[], byId: Map<string, Chunk>, k: number, maxPerFile: number, ctx: BoostContext): string[] {
  const ranked = fused.map((f) => ({ c: byId.get(f.id)!, s: f.score * boostFactor(byId.get(f.id)!, ctx) })).sort((a, b) => b.s - a.s);
  const perFile = new Map<string, number>();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { c } of ranked) {
    if (out.length >= k) break;
    if (seen.has(c.hash) || (perFile.get(c.path) ?? 0) >= maxPerFile) continue;
    seen.add(c.hash);
    perFile.set(c.path, (perFile.get(c.path) ?? 0) + 1);
    out.push(c.id);
  }
  return out;
}

test('selectTop with known paths skips reading chunks of full files and still selects exactly what boosting everything would', async () => {
  let readWith = 0;
  let readWithout = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const files = 2 + Math.floor(r() * 12);
    const n = 20 + Math.floor(r() * 200);
    const chunks: Chunk[] = Array.from({ length: n }, (_, i) => {
      const path = `src/f${Math.floor(r() ** 2 * files)}.ts`; // a few busy files, many quiet ones
      const text = r() < 0.1 ? `dup ${Math.floor(r() * 3)}` : `text ${i}`; // some identical texts across files
      const start = 1 + Math.floor(r() * 200);
      return { id: `c${i}`, path, language: 'typescript', kind: 'code', startLine: start, endLine: start + 5, symbol: r() < 0.3 ? `function parseThing${i % 4}` : undefined, text, hash: text };
    });
    const byId = new Map(chunks.map((c) => [c.id, c]));
    // Fused scores with ties and a long tail.
    const fused = chunks.map((c) => ({ id: c.id, score: Math.round(r() * 40) / 10 })).sort((a, b) => b.score - a.score);
    const ctx: BoostContext = {
      activeFile: r() < 0.5 ? `src/f${Math.floor(r() * files)}.ts` : undefined,
      recentFiles: new Set(r() < 0.5 ? [`src/f${Math.floor(r() * files)}.ts`] : []),
      pathHints: r() < 0.3 ? [{ path: `src/f${Math.floor(r() * files)}.ts`, line: r() < 0.5 ? 1 + Math.floor(r() * 200) : undefined }] : [],
      identifiers: new Set(r() < 0.5 ? ['parsething1'] : []),
    };
    const k = 1 + Math.floor(r() * 12);
    const maxPerFile = 1 + Math.floor(r() * 3);
    const reader = (count: (n: number) => void) => async (ids: string[]) => {
      count(ids.length);
      return ids.map((id) => byId.get(id)!);
    };
    const expected = bruteForce(fused, byId, k, maxPerFile, ctx);
    const withPaths = await selectTop(fused, reader((x) => (readWith += x)), { k, maxPerFile, ctx, pathOf: (id) => byId.get(id)?.path }, undefined);
    const without = await selectTop(fused, reader((x) => (readWithout += x)), { k, maxPerFile, ctx }, undefined);
    assert.deepEqual(withPaths.map((h) => h.id), expected, `seed ${seed}`);
    assert.deepEqual(without.map((h) => h.id), expected, `seed ${seed} (no paths)`);
  }
  assert.ok(readWith < readWithout * 0.9, `knowing paths read ${readWith} chunks, not knowing them ${readWithout}`);
});
