/**
 * Quick measurement of the store with random unit vectors (never part of `npm test`):
 *   npx tsx bench/storeBench.ts [--chunks 50000] [--dims 768] [--shards 32] [--dir DIR] [--keep]
 * Prints: build time, apply() of one 10-chunk file (and time until it is searchable), vectorSearch
 * p50/p95, bytes on disk vs raw float32 bytes, and for a fresh process: open, first search (issue 21
 * targets: <= 100 ms at 50k chunks, <= 300 ms at 200k), the background verification left after it,
 * RSS after loading everything.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LoreStore, type FileUpdate } from '../src/indexer/store';

const { values: args } = parseArgs({
  options: {
    chunks: { type: 'string', default: '50000' },
    dims: { type: 'string', default: '768' },
    shards: { type: 'string', default: '32' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'rss-only': { type: 'boolean', default: false },
  },
});
const CHUNKS = Number(args.chunks);
const DIMS = Number(args.dims);
const PER_FILE = 10;
const identity = { model: 'bench-embed', dims: DIMS };

function randomUnit(): Float32Array {
  const v = new Float32Array(DIMS);
  let sq = 0;
  for (let i = 0; i < DIMS; i++) {
    v[i] = Math.random() * 2 - 1;
    sq += v[i] * v[i];
  }
  const inv = 1 / Math.sqrt(sq);
  for (let i = 0; i < DIMS; i++) v[i] *= inv;
  return v;
}

const WORDS = 'const function return await import export class interface store shard vector chunk index manifest'.split(' ');
function fakeCode(seed: number): string {
  const lines: string[] = [];
  for (let l = 0; l < 20; l++) lines.push(`  ${WORDS[(seed + l) % WORDS.length]} x${seed}_${l} = ${WORDS[(seed * 7 + l) % WORDS.length]}(${l});`);
  return lines.join('\n'); // ~800 bytes, a typical code chunk
}

function fileUpdate(path: string, version: number): { update: FileUpdate; hashes: string[] } {
  const chunks = Array.from({ length: PER_FILE }, (_, i) => {
    const text = fakeCode(version * 1000 + i) + `\n// ${path} v${version}`;
    const hash = createHash('sha256').update(text).digest('hex');
    return { id: createHash('sha256').update(`${path}:${i}:${hash}`).digest('hex').slice(0, 32), path, language: 'typescript', kind: 'code' as const, startLine: i * 20 + 1, endLine: i * 20 + 20, text, hash };
  });
  return {
    update: { file: { path, hash: `h${version}`, size: 8000, mtimeMs: version }, chunks, vectors: chunks.map(() => randomUnit()) },
    hashes: chunks.map((c) => createHash('sha256').update(`e:${c.text}`).digest('hex')),
  };
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function rssOnly(dir: string): Promise<void> {
  const t0 = performance.now();
  const { store } = await LoreStore.open(dir, identity);
  const openMs = performance.now() - t0;
  const t1 = performance.now();
  await store.vectorSearch(randomUnit(), 10);
  const firstSearchMs = performance.now() - t1;
  const t2 = performance.now();
  await store.verify(); // what is left of the background check of every shard after the first search
  const verifyMs = performance.now() - t2;
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  console.log(JSON.stringify({ openMs, firstSearchMs, verifyMs, rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers, shardsLoaded: store.stats().shardsLoaded }));
  await store.close();
}

async function main(): Promise<void> {
  const dir = args.dir ?? (await fs.mkdtemp(join(tmpdir(), 'lore-bench-')));
  if (args['rss-only']) return rssOnly(dir);
  const files = Math.ceil(CHUNKS / PER_FILE);
  console.log(`store bench: ${files * PER_FILE} chunks x ${DIMS} dims, ${args.shards} shards, dir ${dir}`);
  const { store } = await LoreStore.open(dir, identity, { shards: Number(args.shards) });
  const t0 = performance.now();
  const batch = 2000; // files per transaction while building
  for (let f = 0; f < files; f += batch) {
    const ups = Array.from({ length: Math.min(batch, files - f) }, (_, i) => fileUpdate(`src/dir${(f + i) % 97}/file${f + i}.ts`, 0));
    await store.apply({ upserts: ups.map((u) => u.update), removals: [], embedTextHashes: ups.map((u) => u.hashes) });
  }
  console.log(`build: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  await store.vectorSearch(randomUnit(), 10); // load every shard's vectors
  const applyMs: number[] = [];
  const searchableMs: number[] = [];
  for (let rep = 1; rep <= 7; rep++) {
    const u = fileUpdate(`src/dir${rep}/file${rep * 13}.ts`, rep);
    const t = performance.now();
    await store.apply({ upserts: [u.update], removals: [], embedTextHashes: [u.hashes] });
    applyMs.push(performance.now() - t);
    const hits = await store.vectorSearch(u.update.vectors?.[3] as Float32Array, 1);
    searchableMs.push(performance.now() - t);
    if (hits[0]?.id !== u.update.chunks[3].id) throw new Error('updated chunk not found by search');
  }
  console.log(`apply(1 file, ${PER_FILE} chunks): p50 ${pct(applyMs, 0.5).toFixed(0)} ms, max ${Math.max(...applyMs).toFixed(0)} ms; searchable after p50 ${pct(searchableMs, 0.5).toFixed(0)} ms`);

  const searchMs: number[] = [];
  for (let q = 0; q < 40; q++) {
    const t = performance.now();
    await store.vectorSearch(randomUnit(), 20);
    searchMs.push(performance.now() - t);
  }
  console.log(`vectorSearch k=20: p50 ${pct(searchMs, 0.5).toFixed(1)} ms, p95 ${pct(searchMs, 0.95).toFixed(1)} ms`);
  const t2 = performance.now();
  const hit = await store.vectorSearch(randomUnit(), 10);
  const chunks = await store.getChunks(hit.map((h) => h.id));
  console.log(`getChunks(10): ${(performance.now() - t2).toFixed(1)} ms incl. search, ${chunks.length} chunks`);

  const s = store.stats();
  const raw = s.chunks * DIMS * 4;
  console.log(`on disk: ${mb(s.bytesOnDisk)} for ${s.chunks} chunks; raw float32 ${mb(raw)}; ratio ${(s.bytesOnDisk / raw).toFixed(2)}x`);
  await store.close();

  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', process.argv[1], '--rss-only', '--dir', dir, '--dims', String(DIMS)], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '{}';
  const r = JSON.parse(line) as { openMs: number; firstSearchMs: number; verifyMs: number; rss: number; heapUsed: number; external: number; shardsLoaded: number };
  console.log(`fresh process: open ${r.openMs.toFixed(0)} ms, first search (loads ${r.shardsLoaded} shards) ${r.firstSearchMs.toFixed(0)} ms (target ${CHUNKS >= 200_000 ? 300 : 100} ms), background verification left after it ${r.verifyMs.toFixed(0)} ms, RSS ${mb(r.rss)} (heap ${mb(r.heapUsed)}, buffers ${mb(r.external)})`);
  if (!args.keep && !args.dir) await fs.rm(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
