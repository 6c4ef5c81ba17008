/**
 * Indexing a workspace of hostile files (test/support/hostileCorpus.ts) with the real CLI, while a
 * separate process keeps files vanishing, changing and turning into symlinks that point outside the
 * workspace: every run finishes, every deterministic file is indexed or skipped for the expected
 * reason, the index stays consistent, odd names round-trip through search, and nothing from
 * outside the workspace (the symlink targets, /etc/passwd) ever reaches the index.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { buildHostileCorpus, startMutator, type HostileCorpus } from '../support/hostileCorpus';
import { discover } from '../../src/indexer/discovery';
import { languageForPath } from '../../src/indexer/chunking';
import { assertCliBuilt, runCli, tempDir } from './lib/proc';
import { consistencyProblems, snapshot } from './lib/inspect';

interface Report { skipped: Record<string, number>; filesIndexed: number; chunks: number }

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('hostile corpus', () => {
  let sim: OllamaSim;
  let root: string;
  let corpus: HostileCorpus;

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim({ logInputs: true });
    root = await tempDir('hostile');
    corpus = await buildHostileCorpus(join(root, 'ws'));
  });
  after(async () => {
    await sim?.close();
    if (root) {
      await fs.rm(root, { recursive: true, force: true });
      await fs.rm(`${join(root, 'ws')}-outside`, { recursive: true, force: true });
    }
  });

  it('discovery gives every hostile file its expected verdict', { timeout: 60_000 }, async () => {
    const { files, skipped } = await discover(corpus.root);
    const verdict = new Map<string, string>();
    for (const f of files) verdict.set(f.path, languageForPath(f.path) ? 'indexed' : 'unsupported');
    for (const s of skipped) verdict.set(s.path.replace(/\/$/, ''), s.reason);
    const wrong = [...corpus.expect].filter(([p, want]) => verdict.get(p) !== want).map(([p, want]) => `${JSON.stringify(p)}: want ${want}, got ${verdict.get(p)}`);
    assert.deepEqual(wrong, []);
  });

  it('indexes while files vanish and change under it: finishes, consistent, nothing from outside', { timeout: 300_000 }, async () => {
    const idx = join(root, 'idx');
    const args = ['index', corpus.root, '--index-dir', idx, '--ollama', sim.url, '--json'];
    const mutator = startMutator(corpus.root, `${corpus.root}-outside/private.ts`);
    const reports: Report[] = [];
    let ops: number;
    try {
      for (let run = 0; run < 3; run++) {
        const r = await runCli(args, { timeoutMs: 120_000 });
        assert.equal(r.code, 0, `run ${run} while churning: ${r.stderr}`);
        reports.push(JSON.parse(r.stdout) as Report);
      }
    } finally {
      ops = await mutator.stop();
    }
    const final = await runCli(args, { timeoutMs: 120_000 });
    assert.equal(final.code, 0, final.stderr);
    const report = JSON.parse(final.stdout) as Report;

    const s = await snapshot(idx);
    assert.deepEqual(consistencyProblems(s), []);
    for (const [p, want] of corpus.expect) {
      const has = s.files.has(p);
      if (want === 'indexed') assert.ok(has, `${JSON.stringify(p)} should be indexed`);
      else assert.ok(!has, `${JSON.stringify(p)} (${want}) must not be indexed`);
    }
    // Nothing outside the workspace: not in chunks, not in the bytes on disk, not sent to Ollama.
    const forbidden = [corpus.outsideMarker, 'root:x:0:0'];
    for (const c of s.chunks) for (const f of forbidden) assert.ok(!c.text.includes(f), `${c.path} holds text from outside the workspace`);
    for (const file of await filesUnder(idx)) {
      const bytes = await fs.readFile(file);
      for (const f of forbidden) assert.equal(bytes.indexOf(f), -1, `${file} holds ${f}`);
    }
    const sent = sim.log.flatMap((e) => e.inputs ?? []);
    for (const f of forbidden) assert.ok(!sent.some((t) => t.includes(f)), `${f} was sent to Ollama`);

    // Odd names survive the round trip through the index and `search --json`.
    for (const [path, word] of corpus.markers) {
      const r = await runCli(['search', word, corpus.root, '--index-dir', idx, '--mode', 'keyword', '--json', '--top', '3']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { path: string }[])[0]?.path, path, `search for ${word}`);
    }
    const skipped = Object.entries(report.skipped).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`hostile corpus: ${corpus.entries} entries (+ churn), ${ops} mutations during 3 runs; final run: ` +
      `${s.files.size} files / ${s.chunks.length} chunks indexed; skipped: ${skipped}; ` +
      `runs while churning skipped: ${reports.map((r) => Object.values(r.skipped).reduce((a, b) => a + b, 0)).join('/')}`);
  });
});
