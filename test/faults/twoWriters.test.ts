/**
 * Two writers on one index: the CLI next to an extension-like FolderIndex in this process, and two
 * CLI processes at once. Nothing either of them wrote may be lost, on the store side or the keyword
 * side, and the result must equal a reference built without any store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { Embedder } from '../../src/indexer/embedder';
import { OllamaClient } from '../../src/ollama';
import { CodeCorpus } from './lib/corpus';
import { createRng } from './lib/rng';
import { assertCliBuilt, finished, runCli, spawnCli, tempDir } from './lib/proc';
import { consistencyProblems, referenceIndex, referenceProblems, snapshot } from './lib/inspect';

const MODEL = 'nomic-embed-text';

describe('two writers on one index', () => {
  let sim: OllamaSim;
  let root: string;
  const rng = createRng();

  before(async () => {
    assertCliBuilt();
    // Slow embeddings keep the CLI's run open long enough for the other writer to commit meanwhile.
    sim = await startOllamaSim({ embedLatencyMs: 2 });
    root = await tempDir('writers');
  });
  after(async () => {
    await sim?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('CLI full index + in-process watcher updates: files of both are there, keyword side included', { timeout: 120_000 }, async () => {
    const ws = join(root, 'a/ws');
    const idx = join(root, 'a/idx');
    await new CodeCorpus(ws, rng).create(200);
    const cli = finished(spawnCli(['index', ws, '--index-dir', idx, '--ollama', sim.url]), 90_000);
    await new Promise((r) => setTimeout(r, 1000)); // the CLI has discovered the folder by now
    const client = new OllamaClient({ host: sim.url, requestTimeoutMs: 10_000 });
    const fi = await FolderIndex.open({ folder: ws, indexDir: idx, model: MODEL, embedder: new Embedder(client, { model: MODEL }) });
    const extra: string[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const path = `src/extra${i}.ts`;
        await fs.writeFile(join(ws, path), `export function watcherOnly${i}Marker(): number {\n  return ${i};\n}\n`);
        const report = await fi.update({ paths: [path] });
        assert.equal(report.filesIndexed, 1);
        extra.push(path);
      }
    } finally {
      await fi.close();
    }
    const run = await cli;
    assert.equal(run.code, 0, run.stderr);

    const s = await snapshot(idx);
    assert.deepEqual(consistencyProblems(s), [], 'inconsistent after both writers');
    assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), []);
    for (const [i, path] of extra.entries()) {
      const found = await runCli(['search', `watcherOnly${i}Marker`, ws, '--index-dir', idx, '--mode', 'keyword', '--json']);
      assert.equal(found.code, 0, found.stderr);
      assert.equal((JSON.parse(found.stdout) as { path: string }[])[0]?.path, path, `keyword search misses ${path}`);
    }
  });

  it('two CLI processes indexing at once, from nothing and after edits: no lost update, no duplicate', { timeout: 180_000 }, async () => {
    const ws = join(root, 'b/ws');
    const idx = join(root, 'b/idx');
    const corpus = new CodeCorpus(ws, rng);
    await corpus.create(150);
    const args = ['index', ws, '--index-dir', idx, '--ollama', sim.url, '--json'];
    for (let round = 0; round < 3; round++) {
      if (round > 0) await corpus.mutate(0.3);
      const [a, b] = await Promise.all([runCli(args, { timeoutMs: 120_000 }), runCli(args, { timeoutMs: 120_000 })]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const s = await snapshot(idx);
      assert.deepEqual(consistencyProblems(s), [], `round ${round}: inconsistent`);
      assert.deepEqual(referenceProblems(s, await referenceIndex(ws), { vectors: true }), [], `round ${round}: differs from the reference`);
    }
  });
});
