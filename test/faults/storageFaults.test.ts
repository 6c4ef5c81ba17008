/**
 * The embedding model changing between and during runs, a full disk and a read-only index
 * directory. Each must end with a clear error (or a clean rebuild for a new model) and leave the
 * previous index usable: search works and the index on disk is still consistent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { LoreStore } from '../../src/indexer/store';
import { KeywordIndex } from '../../src/indexer/keyword';
import { runUpdate } from '../../src/indexer/update';
import { CodeCorpus } from './lib/corpus';
import { createRng } from './lib/rng';
import { assertCliBuilt, finished, runCli, spawnCli, tempDir, type CliRun } from './lib/proc';
import { consistencyProblems, referenceIndex, referenceProblems, snapshot, type IndexSnapshot } from './lib/inspect';
import { bindReadOnly, cannotMount, mountTmpfs, resizeTmpfs, unmount } from './lib/mounts';
import { EMBED_MODEL, fastClient, fastEmbedder } from './lib/indexing';

interface Hit { path: string }

describe('model changes, full disk, read-only index', () => {
  const rng = createRng();
  let sim: OllamaSim;
  let root: string;
  const mounts: string[] = [];

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim();
    root = await tempDir('storage');
  });
  after(async () => {
    for (const m of mounts.reverse()) unmount(m);
    await sim?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  const index = (ws: string, idx: string, extra: string[] = [], host = sim.url) =>
    runCli(['index', ws, '--index-dir', idx, '--ollama', host, '--json', ...extra], { timeoutMs: 120_000 });
  const search = async (q: string, ws: string, idx: string, host = sim.url): Promise<{ run: CliRun; hits: Hit[] }> => {
    const run = await runCli(['search', q, ws, '--index-dir', idx, '--ollama', host, '--json'], { timeoutMs: 60_000 });
    return { run, hits: run.code === 0 ? (JSON.parse(run.stdout) as Hit[]) : [] };
  };
  async function corpus(name: string, files: number): Promise<{ ws: string; c: CodeCorpus }> {
    const ws = join(root, name);
    const c = new CodeCorpus(ws, rng);
    await c.create(files);
    return { ws, c };
  }
  /**
   * Still usable: consistent, holding what it held before (or, with `changed`, at least every file
   * not in it), and search finds a known chunk.
   */
  async function assertUsable(ws: string, idx: string, before: IndexSnapshot, what: string, changed?: Set<string>): Promise<void> {
    const now = await snapshot(idx);
    assert.deepEqual(consistencyProblems(now), [], `${what}: inconsistent`);
    if (!changed) assert.deepEqual([...now.files.keys()].sort(), [...before.files.keys()].sort(), `${what}: files changed`);
    const kept = [...before.files].filter(([p]) => !changed?.has(p));
    for (const [p, f] of kept) assert.deepEqual(now.files.get(p)?.chunkIds, f.chunkIds, `${what}: ${p} lost chunks`);
    const path = kept.map(([p]) => p).find((p) => /\/m\d+\.ts$/.test(p)) as string;
    const id = /m(\d+)\.ts$/.exec(path)?.[1];
    const { run, hits } = await search(`compute${id}_1 zq${id}x1`, ws, idx);
    assert.equal(run.code, 0, `${what}: search failed: ${run.stderr}`);
    assert.equal(hits[0]?.path, path, `${what}: search does not find ${path}`);
  }

  it('embedding model changed between runs: rebuilt with the new model only, nothing mixed', { timeout: 120_000 }, async () => {
    const { ws } = await corpus('model-ws', 60);
    const idx = join(root, 'model-idx');
    for (const [model, dims] of [['nomic-embed-text', 768], ['all-minilm', 384], ['nomic-embed-text', 768]] as const) {
      const run = await index(ws, idx, ['--embed-model', model]);
      assert.equal(run.code, 0, run.stderr);
      const s = await snapshot(idx);
      assert.equal(s.model, model);
      assert.equal(s.dims, dims);
      assert.deepEqual(consistencyProblems(s), []);
      assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), [], `${model}: not complete`);
    }
  });

  it('another writer switches the model during a run: the first stops with a clear error, the index has one identity', { timeout: 120_000 }, async () => {
    const slow = await startOllamaSim({ embedLatencyMs: 8 });
    try {
      const { ws } = await corpus('switch-ws', 80);
      const idx = join(root, 'switch-idx');
      const a = finished(spawnCli(['index', ws, '--index-dir', idx, '--ollama', slow.url]), 120_000);
      await slow.waitForRequest('/api/embed', 2); // A is embedding
      const b = await index(ws, idx, ['--embed-model', 'all-minilm']);
      assert.equal(b.code, 0, b.stderr);
      const ra = await a;
      assert.equal(ra.code, 1, `A must fail, not commit nomic vectors into an all-minilm index: ${ra.stdout}`);
      assert.match(ra.stderr, /rebuilt or replaced by another process|embedding model changed|dims/i);
      const s = await snapshot(idx);
      assert.equal(s.model, 'all-minilm');
      assert.deepEqual(consistencyProblems(s), []);
      assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), []);
    } finally {
      await slow.close();
    }
  });

  it('the model behind a name is replaced mid-run (other vector size): clear error, old index intact, next run rebuilds', { timeout: 120_000 }, async () => {
    const { ws, c } = await corpus('swap-ws', 80);
    const idx = join(root, 'swap-idx');
    let server = await startOllamaSim();
    const port = server.port;
    try {
      assert.equal((await index(ws, idx, [], server.url)).code, 0);
      const before = await snapshot(idx);
      await server.close();
      server = await startOllamaSim({ port, embedLatencyMs: 15 });
      const changed = await c.mutate(0.8);
      const run = finished(spawnCli(['index', ws, '--index-dir', idx, '--ollama', server.url]), 120_000);
      await server.waitForRequest('/api/embed', 1 + rng.int(0, 2)); // after the probe and a batch or more
      await server.close();
      server = await startOllamaSim({ port, dims: 384 }); // `ollama pull` replaced the model under its name
      const r = await run;
      // Either the run notices within a batch (keyword-only for the rest, one line, exit 0) or the
      // store refuses the other size (exit 1); both must say what happened, neither may mix sizes.
      assert.match(r.stderr, /different sizes|replaced|384 dims, index has 768/i, `exit ${r.code}: ${r.stderr}`);
      assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
      const mid = await snapshot(idx);
      assert.equal(mid.dims, 768);
      await assertUsable(ws, idx, before, 'after the model was swapped', changed);
      const again = await index(ws, idx, [], server.url);
      assert.equal(again.code, 0, again.stderr);
      const s = await snapshot(idx);
      assert.equal(s.dims, 384);
      assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), []);
    } finally {
      await server.close();
    }
  });

  it('a failing disk (store fault injection): the error comes out, nothing changes', { timeout: 60_000 }, async () => {
    const { ws, c } = await corpus('inject-ws', 40);
    const dir = join(root, 'inject-idx');
    const embedder = fastEmbedder(fastClient(sim.url));
    const dims = await embedder.probeDimensions();
    const ok = await LoreStore.open(dir, { model: EMBED_MODEL, dims });
    await runUpdate({ folder: ws, store: ok.store, keyword: KeywordIndex.empty(), embedder }, {});
    const files = new Map(ok.store.files());
    await ok.store.close();
    const changed = await c.mutate(0.5);
    for (const stage of ['beforeWrite', 'beforeRename'] as const) {
      let calls = 0;
      const enospc = () => {
        if (++calls < 3) return; // fail part-way through the transaction, not at its first file
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
      const opened = await LoreStore.open(dir, { model: EMBED_MODEL, dims }, { faults: { [stage]: enospc } });
      await assert.rejects(runUpdate({ folder: ws, store: opened.store, keyword: KeywordIndex.empty(), embedder }, {}), /ENOSPC|no space/);
      await opened.store.close();
      const after = await LoreStore.open(dir, { model: EMBED_MODEL, dims });
      const kept = [...after.store.files()].map(([p, r]) => [p, r.chunkIds]);
      if (stage === 'beforeWrite') {
        // Failing while staging: nothing was renamed, the index is exactly the old one.
        assert.deepEqual(after.damagedFiles, [], 'a failed transaction must not damage the index');
        assert.deepEqual(kept, [...files].map(([p, r]) => [p, r.chunkIds]), 'the index changed');
      } else {
        // Failing between renames is a crash inside the commit: only files of this update may be
        // dropped (re-indexed by the next run); every other file keeps its chunks.
        for (const p of after.damagedFiles) assert.ok(changed.has(p), `${p} was not part of the update but was damaged`);
        for (const [p, r] of files) if (!changed.has(p)) assert.deepEqual(after.store.getFile(p)?.chunkIds, r.chunkIds, `${p} lost chunks`);
      }
      const listed = [...after.store.files().values()].flatMap((r) => r.chunkIds);
      assert.equal((await after.store.getChunks(listed)).length, listed.length, `${stage}: chunks listed but not served`);
      await after.store.close();
    }
    // The next run with a healthy disk repairs and completes.
    const healed = await LoreStore.open(dir, { model: EMBED_MODEL, dims });
    await runUpdate({ folder: ws, store: healed.store, keyword: KeywordIndex.empty(), embedder }, { damagedFiles: healed.damagedFiles });
    await healed.store.close();
    const s = await snapshot(dir, dir);
    assert.deepEqual(consistencyProblems(s, { keyword: false }), []);
    assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), []);
  });

  it('disk full (small tmpfs): clear error, old index still searchable, completes once there is room', { timeout: 180_000 }, async (t) => {
    const why = await cannotMount(join(root, 'probe'));
    if (why) return t.skip(why);
    const { ws, c } = await corpus('full-ws', 40);
    const idx = join(root, 'full-idx');
    await mountTmpfs(idx, 3 * 1024 * 1024);
    mounts.push(idx);
    const first = await index(ws, idx);
    assert.equal(first.code, 0, `the small index fits: ${first.stderr}`);
    const before = await snapshot(idx);
    await c.create(260); // far more than 3 MB of index
    const full = await index(ws, idx);
    assert.equal(full.code, 1, 'a full disk is an error');
    assert.match(full.stderr, /no space left|ENOSPC|full/i, 'the error says why');
    assert.ok(full.stderr.trim().split('\n').length <= 2, `a clear, short message: ${full.stderr}`);
    await assertUsable(ws, idx, before, 'after the disk filled up');
    resizeTmpfs(idx, 64 * 1024 * 1024);
    const done = await index(ws, idx);
    assert.equal(done.code, 0, done.stderr);
    const s = await snapshot(idx);
    assert.deepEqual(consistencyProblems(s), []);
    assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), []);
  });

  it('read-only index directory: search and status work, indexing fails clearly', { timeout: 180_000 }, async (t) => {
    const why = await cannotMount(join(root, 'probe'));
    if (why) return t.skip(why);
    const { ws, c } = await corpus('ro-ws', 40);
    const idx = join(root, 'ro-idx');
    assert.equal((await index(ws, idx)).code, 0);
    const before = await snapshot(idx);
    const ro = join(root, 'ro-view');
    await bindReadOnly(idx, ro);
    mounts.push(ro);
    await assert.rejects(fs.writeFile(join(ro, 'probe'), 'x'), /EROFS/, 'the bind mount is read-only');
    await assertUsable(ws, ro, before, 'read-only');
    const status = await runCli(['status', ws, '--index-dir', ro, '--json']);
    assert.equal(status.code, 0, status.stderr);
    await c.mutate(0.2);
    const run = await index(ws, ro);
    assert.equal(run.code, 1, 'indexing into a read-only directory is an error');
    assert.match(run.stderr, /read-only|EROFS/i);
    assert.ok(run.stderr.trim().split('\n').length <= 2, `a clear, short message: ${run.stderr}`);
    await assertUsable(ws, ro, before, 'read-only, after the failed index');
  });

  it('read-only index whose keyword file must be rebuilt: search still works', { timeout: 120_000 }, async (t) => {
    const why = await cannotMount(join(root, 'probe'));
    if (why) return t.skip(why);
    const { ws } = await corpus('ro2-ws', 30);
    const idx = join(root, 'ro2-idx');
    assert.equal((await index(ws, idx)).code, 0);
    const before = await snapshot(idx);
    await fs.rm(join(idx, 'keyword'), { recursive: true, force: true }); // e.g. deleted, or from an older version
    const ro = join(root, 'ro2-view');
    await bindReadOnly(idx, ro);
    mounts.push(ro);
    const path = [...before.files.keys()].find((p) => /\/m\d+\.ts$/.test(p)) as string;
    const id = /m(\d+)\.ts$/.exec(path)?.[1];
    const { run, hits } = await search(`compute${id}_1 zq${id}x1`, ws, ro);
    assert.equal(run.code, 0, `search on a read-only index: ${run.stderr}`);
    assert.equal(hits[0]?.path, path);
  });
});
