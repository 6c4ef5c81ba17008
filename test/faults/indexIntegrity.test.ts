/**
 * Issue 16, items 1, 2, 7 and 8: a read never changes the index (whatever model or vector size the
 * session has), damage to any shard is found, reported without --verbose and repaired by the next
 * `lore index`, a wrong layout is reported by reads and moved aside by writes, and an index answers
 * only for its own folder. Every case runs the shipped CLI against real files.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { CodeCorpus } from './lib/corpus';
import { createRng } from './lib/rng';
import { assertCliBuilt, cleanEnv, finished, runCli, spawnCli, tempDir, type CliRun } from './lib/proc';
import { consistencyProblems, referenceIndex, referenceProblems, snapshot } from './lib/inspect';

interface Hit { path: string }

/** Every file under `dir` (or `dir` itself) with its bytes' hash: a read must leave this unchanged. */
async function fingerprint(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (p: string): Promise<void> => {
    const st = await fs.lstat(p).catch(() => undefined);
    if (!st) return;
    if (st.isDirectory()) {
      out.set(relative(dir, p) + '/', 'dir');
      for (const n of await fs.readdir(p)) await walk(join(p, n));
    } else {
      out.set(relative(dir, p), createHash('sha256').update(await fs.readFile(p)).digest('hex'));
    }
  };
  await walk(dir);
  return out;
}

describe('a read never changes the index; damage is found and repaired; an index belongs to its folder', () => {
  const rng = createRng();
  let sim: OllamaSim;
  let sim768: OllamaSim;
  let root: string;

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim();
    sim768 = await startOllamaSim({ dims: 768 }); // all-minilm answering with 768 dims instead of 384
    root = await tempDir('integrity');
  });
  after(async () => {
    await sim?.close();
    await sim768?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  const cli = (args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun> => runCli(args, { timeoutMs: 120_000, env });
  const index = (ws: string, idx: string, extra: string[] = [], host = sim.url) => cli(['index', ws, '--index-dir', idx, '--ollama', host, '--json', ...extra]);
  const search = async (q: string, ws: string, idx: string, extra: string[] = [], host = sim.url): Promise<{ run: CliRun; hits: Hit[] }> => {
    const run = await cli(['search', q, ws, '--index-dir', idx, '--ollama', host, '--json', ...extra]);
    return { run, hits: run.code === 0 ? (JSON.parse(run.stdout) as Hit[]) : [] };
  };
  async function corpus(name: string, files: number): Promise<string> {
    const ws = join(root, name);
    await new CodeCorpus(ws, rng).create(files);
    return ws;
  }
  /** A query that only `path` (a generated m<N>.ts/.py file) answers best. */
  function queryFor(path: string): string {
    const id = /m(\d+)\.(ts|py)$/.exec(path)?.[1];
    return `compute${id}_1 zq${id}x1`;
  }

  it('search, ask, status and export with another model or vector size leave every byte as it was, and answer from the keyword side', { timeout: 180_000 }, async () => {
    const ws = await corpus('read-ws', 30);
    const idx = join(root, 'read-idx');
    assert.equal((await index(ws, idx, ['--embed-model', 'all-minilm'])).code, 0);
    const before = await fingerprint(idx);
    const s = await snapshot(idx);
    const path = [...s.files.keys()].find((p) => /m\d+\.(ts|py)$/.test(p)) as string;
    const reads: [string, string[], string][] = [
      ['search, default model', ['search', queryFor(path), ws, '--index-dir', idx, '--ollama', sim.url, '--json'], sim.url],
      ['search, same model, other vector size', ['search', queryFor(path), ws, '--index-dir', idx, '--ollama', sim768.url, '--embed-model', 'all-minilm', '--json'], sim768.url],
      ['ask, default model', ['ask', queryFor(path), ws, '--index-dir', idx, '--ollama', sim.url], sim.url],
      ['status', ['status', ws, '--index-dir', idx, '--json'], sim.url],
      ['export', ['export', ws, '--index-dir', idx, '--out', join(root, 'export.jsonl')], sim.url],
    ];
    for (const [what, args] of reads) {
      const run = await cli(args);
      assert.equal(run.code, 0, `${what}: ${run.stderr}`);
      if (args[0] === 'search') {
        assert.equal((JSON.parse(run.stdout) as Hit[])[0]?.path, path, `${what}: the keyword side still answers`);
        assert.match(run.stderr, /built with all-minilm|384-dim|768/, `${what}: says why in one line`);
        assert.equal(run.stderr.trim().split('\n').length, 1, `${what}: one line: ${run.stderr}`);
      }
      assert.deepEqual(await fingerprint(idx), before, `${what} changed the index`);
    }
    const st = JSON.parse((await cli(['status', ws, '--index-dir', idx, '--json'])).stdout) as { chunks: number; model: string };
    assert.equal(st.model, 'all-minilm');
    assert.equal(st.chunks, [...s.files.values()].reduce((n, f) => n + f.chunkIds.length, 0));
  });

  it('lore index with a new model builds beside the old index, which other processes keep searching until the swap', { timeout: 180_000 }, async () => {
    const slow = await startOllamaSim({ embedLatencyMs: 30 });
    try {
      const ws = await corpus('swap-ws', 60);
      const idx = join(root, 'swap-idx');
      assert.equal((await index(ws, idx, ['--embed-model', 'all-minilm'], slow.url)).code, 0);
      const s = await snapshot(idx);
      const path = [...s.files.keys()].find((p) => /m\d+\.(ts|py)$/.test(p)) as string;
      const run = finished(spawnCli(['index', ws, '--index-dir', idx, '--ollama', slow.url, '--json']), 120_000);
      await slow.waitForRequest('/api/embed', 3); // the rebuild is embedding
      let finished_ = false;
      void run.then(() => (finished_ = true));
      const mid = await search(queryFor(path), ws, idx, ['--embed-model', 'all-minilm', '--mode', 'keyword'], slow.url);
      assert.equal(mid.run.code, 0, mid.run.stderr);
      assert.equal(mid.hits[0]?.path, path, 'the old index answers while the new one is built');
      const st = JSON.parse((await cli(['status', ws, '--index-dir', idx, '--json'])).stdout) as { model: string; chunks: number };
      assert.equal(finished_, false, 'the rebuild was still running during these reads');
      assert.equal(st.model, 'all-minilm', 'the live index is still the old one');
      assert.equal(st.chunks, [...s.files.values()].reduce((n, f) => n + f.chunkIds.length, 0), 'and complete');
      const r = await run;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /building the new index beside the old one/);
      const after = await snapshot(idx);
      assert.equal(after.model, 'nomic-embed-text');
      assert.deepEqual(consistencyProblems(after), []);
      assert.deepEqual(referenceProblems(after, await referenceIndex(ws), { vectors: true }), []);
      assert.deepEqual((await fs.readdir(idx)).filter((n) => /rebuild|old-/.test(n)), [], 'nothing left beside the index');
    } finally {
      await slow.close();
    }
  });

  // Damage to one shard file: each must be found by a read (said on stderr without --verbose,
  // nothing changed), and the next `lore index` must re-index the files it cost.
  const damages: [string, (file: string) => Promise<void>][] = [
    ['two bytes flipped in the middle', async (f) => {
      const b = await fs.readFile(f);
      const at = b.length >> 1;
      b[at] ^= 0xff;
      b[at + 1] ^= 0x55;
      await fs.writeFile(f, b);
    }],
    ['one byte flipped in the chunk records', async (f) => {
      const b = await fs.readFile(f);
      b[b.length - 20] ^= 0x01;
      await fs.writeFile(f, b);
    }],
    ['deleted', (f) => fs.rm(f)],
    ['truncated', async (f) => fs.truncate(f, (await fs.stat(f)).size >> 1)],
    ['zero-filled', async (f) => fs.writeFile(f, Buffer.alloc((await fs.stat(f)).size))],
    ['emptied', (f) => fs.writeFile(f, '')],
  ];
  let detected = 0;
  let repaired = 0;
  // One corpus indexed once; each case damages a copy of that index.
  let base: Promise<{ ws: string; idx: string }> | undefined;
  const baseline = (): Promise<{ ws: string; idx: string }> =>
    (base ??= (async () => {
      const ws = await corpus('dmg-ws', 30);
      const idx = join(root, 'dmg-base');
      assert.equal((await index(ws, idx)).code, 0);
      return { ws, idx };
    })());
  for (const [what, damage] of damages) {
    it(`a shard ${what}: reported by reads, which change nothing; the next index re-indexes its files`, { timeout: 120_000 }, async () => {
      const { ws, idx: baseIdx } = await baseline();
      const idx = join(root, `idx-${what.replace(/\W+/g, '-')}`);
      await fs.cp(baseIdx, idx, { recursive: true });
      const s = await snapshot(idx);
      const shards = join(idx, 'vectors', 'shards');
      const names = (await fs.readdir(shards)).filter((n) => n.endsWith('.lore'));
      const sizes = await Promise.all(names.map(async (n) => (await fs.stat(join(shards, n))).size));
      const victim = join(shards, names[sizes.indexOf(Math.max(...sizes))]);
      await damage(victim);
      const before = await fingerprint(idx);
      const found = await search('compute', ws, idx);
      assert.equal(found.run.code, 0, found.run.stderr);
      const status = await cli(['status', ws, '--index-dir', idx]);
      assert.equal(status.code, 0, status.stderr);
      for (const run of [found.run, status]) assert.match(run.stderr, /index damaged: shard \d+ .*file\(s\) lost/, `${what}: not reported: ${run.stderr}`);
      assert.deepEqual(await fingerprint(idx), before, `${what}: a read changed the index`);
      detected++;
      const fix = await index(ws, idx);
      assert.equal(fix.code, 0, fix.stderr);
      assert.ok((JSON.parse(fix.stdout) as { filesIndexed: number }).filesIndexed > 0, `${what}: "0 files updated" after damage`);
      const healed = await snapshot(idx);
      assert.deepEqual(consistencyProblems(healed), [], what);
      assert.deepEqual(referenceProblems(healed, await referenceIndex(ws), { vectors: true }), [], `${what}: not repaired`);
      assert.equal(healed.files.size, s.files.size);
      const quiet = await search('compute', ws, idx);
      assert.doesNotMatch(quiet.run.stderr, /damaged/, `${what}: still reported after the repair`);
      repaired++;
    });
  }
  it('figures: damage cases detected and repaired', () => {
    process.stdout.write(`# damage cases: detected ${detected}/${damages.length}, repaired ${repaired}/${damages.length}\n`);
    assert.equal(detected, damages.length);
    assert.equal(repaired, damages.length);
  });

  it('a wrong layout is reported by reads (nothing changed) and moved aside and rebuilt by lore index', { timeout: 120_000 }, async () => {
    const ws = await corpus('layout-ws', 20);
    const layouts: [string, (idx: string) => Promise<void>][] = [
      ['the index directory is a file', async (idx) => {
        await fs.rm(idx, { recursive: true, force: true });
        await fs.writeFile(idx, 'not an index');
      }],
      ['manifest.json is a directory', async (idx) => {
        await fs.rm(join(idx, 'vectors', 'manifest.json'));
        await fs.mkdir(join(idx, 'vectors', 'manifest.json'));
      }],
    ];
    for (const [what, breakIt] of layouts) {
      const idx = join(root, `layout-${what.replace(/\W+/g, '-')}`);
      assert.equal((await index(ws, idx)).code, 0);
      await breakIt(idx);
      const before = await fingerprint(idx);
      const read = await search('compute', ws, idx);
      assert.equal(read.run.code, 1, `${what}: a read cannot use it`);
      assert.match(read.run.stderr, /damaged .*(is a file|is a directory)/, `${what}: ${read.run.stderr}`);
      assert.equal(read.run.stderr.trim().split('\n').length, 1, read.run.stderr);
      assert.deepEqual(await fingerprint(idx), before, `${what}: a read changed it`);
      const fix = await index(ws, idx);
      assert.equal(fix.code, 0, `${what}: ${fix.stderr}`);
      assert.match(fix.stderr, /moved it aside to .*broken-/, what);
      const s = await snapshot(idx);
      assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), [], what);
      assert.equal((await search('compute', ws, idx)).run.code, 0);
    }
  });

  it('an index refuses another folder; LORE_INDEX_DIR holding indexes picks the folder\'s own', { timeout: 120_000 }, async () => {
    const a = await corpus('own-a', 15);
    const b = await corpus('own-b', 15);
    const idx = join(root, 'own-idx');
    assert.equal((await index(a, idx)).code, 0);
    const before = await fingerprint(idx);
    for (const args of [['status', b, '--index-dir', idx], ['search', 'compute', b, '--index-dir', idx, '--ollama', sim.url], ['index', b, '--index-dir', idx, '--ollama', sim.url]]) {
      const run = await cli(args, cleanEnv());
      assert.equal(run.code, 1, `${args[0]} on another folder's index must be refused: ${run.stdout}`);
      assert.match(run.stderr, /belongs to .*own-a.*not .*own-b/, run.stderr);
    }
    assert.deepEqual(await fingerprint(idx), before, 'a refused open changed the index');
    const viaEnv = await cli(['status', b], cleanEnv({ LORE_INDEX_DIR: idx }));
    assert.equal(viaEnv.code, 1, 'LORE_INDEX_DIR pointing at another folder\'s index is refused too');
    // A directory of indexes: each folder gets (and finds) its own.
    const many = join(root, 'indexes');
    const home = join(many, 'a-index');
    assert.equal((await index(a, home)).code, 0);
    const env = cleanEnv({ LORE_INDEX_DIR: many });
    const ib = await cli(['index', b, '--ollama', sim.url, '--json'], env);
    assert.equal(ib.code, 0, ib.stderr);
    assert.equal((await fs.readdir(many)).length, 2, 'b got its own index beside a\'s');
    const sb = JSON.parse((await cli(['status', b, '--json'], env)).stdout) as { indexDir: string; files: number };
    assert.ok(sb.indexDir.startsWith(many + '/') && sb.indexDir !== home && sb.files > 0, JSON.stringify(sb));
    const sa = JSON.parse((await cli(['status', a, '--json'], env)).stdout) as { indexDir: string; files: number };
    assert.equal(sa.indexDir, home, 'a finds the index that records it');
    assert.ok(sa.files > 0);
  });
});
