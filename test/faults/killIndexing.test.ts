/**
 * Kill -9 of `lore index` at random points, again and again, on one index (ARCHITECTURE.md "Invariants": manifest
 * as the commit point, atomic shard writes, write lock). After every kill:
 * - the index as left on disk opens (the manifest is readable, shards load or are dropped),
 * - no chunk of a file that was not edited in this trial is lost (compared with a reference built
 *   without any store), and nothing is duplicated,
 * - a restart for reading (`lore status`) loads it and changes nothing (reads never write: the
 *   keyword file catches up with the store at the next write open, checked after the next run),
 * - the next `lore index` completes it to exactly the reference, re-embedding nothing it had stored.
 * Trials: LORE_FAULT_TRIALS (default 50); seed: LORE_FAULT_SEED. Prints the kill-point distribution.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, watch } from 'node:fs';
import { join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { embeddingText } from '../../src/indexer/chunking';
import { CodeCorpus } from './lib/corpus';
import { createRng } from './lib/rng';
import { assertCliBuilt, finished, runCli, spawnCli, tempDir } from './lib/proc';
import { consistencyProblems, leftoverTemps, referenceIndex, referenceProblems, snapshot } from './lib/inspect';

const TRIALS = Number(process.env.LORE_FAULT_TRIALS ?? 50);
const FILES = 300;
const DOC_PREFIX = 'search_document: ';

type TrialKind = 'fresh' | 'mass-edit' | 'small-edit';
type KillMode = 'uniform' | 'at-write';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const readOrEmpty = (p: string) => fs.readFile(p).catch(() => Buffer.alloc(0));

/** Longest time the write lock was held while watching (ms). */
function watchLockHolds(dir: string): { readonly longest: number; close(): void } {
  let since = 0;
  let longest = 0;
  const w = watch(dir, (_event, name) => {
    if (name !== 'write.lock') return;
    const now = performance.now();
    if (existsSync(join(dir, 'write.lock'))) since ||= now;
    else if (since) {
      longest = Math.max(longest, now - since);
      since = 0;
    }
  });
  return { get longest() { return longest; }, close: () => w.close() };
}

describe('kill -9 while indexing', () => {
  const rng = createRng();
  let sim: OllamaSim;
  let root: string;

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim({ logInputs: true });
    root = await tempDir('kill');
  });
  after(async () => {
    await sim?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it(`keeps the index consistent and loses nothing unchanged over ${TRIALS} kills`, { timeout: 30 * 60_000 }, async () => {
    const ws = join(root, 'ws');
    const idx = join(root, 'idx');
    const vectorsDir = join(idx, 'vectors');
    const corpus = new CodeCorpus(ws, rng);
    await corpus.create(FILES);
    const args = ['index', ws, '--index-dir', idx, '--ollama', sim.url, '--json'];
    // Durations of complete runs, to spread kill delays over a run of the same kind.
    const duration: Record<TrialKind, number> = { fresh: 6000, 'mass-edit': 3000, 'small-edit': 1500 };
    const lockHoldMs: Record<TrialKind, number> = { fresh: 900, 'mass-edit': 600, 'small-edit': 200 };
    const points = new Map<string, number>();
    const delays: number[] = [];
    let killed = 0;
    let damagedSeen = 0;
    let indexed = false;

    // Run until TRIALS runs were really killed mid-run (a run can finish before its kill lands when
    // the machine is fast or idle), with a cap so a broken kill schedule still ends.
    let trial = 0;
    for (; killed < TRIALS && trial < TRIALS * 2; trial++) {
      const kind: TrialKind = !indexed || trial % 7 === 3 ? 'fresh' : rng.next() < 0.45 ? 'mass-edit' : 'small-edit';
      const mode: KillMode = rng.next() < 0.5 ? 'uniform' : 'at-write';
      const where: string = `trial ${trial} (${kind}, ${mode}, seed ${rng.seed})`;
      if (kind === 'fresh') await fs.rm(idx, { recursive: true, force: true });
      const changed: Set<string> = kind === 'fresh' ? new Set<string>() : await corpus.mutate(kind === 'mass-edit' ? 0.5 : 0.02);
      const ref = await referenceIndex(ws);
      await fs.mkdir(vectorsDir, { recursive: true });
      const manifestBefore = sha(await readOrEmpty(join(vectorsDir, 'manifest.json')));
      const logStart = sim.log.length;

      // --- the run that gets killed
      const child = spawnCli(args);
      const exit = finished(child, 120_000);
      const started = performance.now();
      let killedAt = -1;
      const kill = () => {
        if (child.exitCode === null && child.signalCode === null) {
          killedAt = performance.now() - started;
          child.kill('SIGKILL');
        }
      };
      let timer: NodeJS.Timeout | undefined;
      let watcher: ReturnType<typeof watch> | undefined;
      if (mode === 'uniform') {
        const delay = rng.int(0, Math.round(duration[kind] * 1.1));
        delays.push(delay);
        timer = setTimeout(kill, delay);
      } else {
        // Kill while the store writes: the n-th time the write lock appears, plus a random part of
        // how long a complete run of this kind held it (and a little after: keyword save, close).
        let seen = 0;
        const target = kind === 'fresh' ? 2 : 1;
        const delay = rng.int(0, Math.round(lockHoldMs[kind] * 1.3));
        watcher = watch(vectorsDir, (_event, name) => {
          if (name !== 'write.lock' || !existsSync(join(vectorsDir, 'write.lock'))) return;
          if (++seen === target) {
            delays.push(delay);
            timer = setTimeout(kill, delay);
          }
        });
      }
      const run = await exit;
      clearTimeout(timer);
      watcher?.close();

      // --- where did the kill land? Judge from what it left behind.
      let point: string;
      if (killedAt < 0) {
        assert.equal(run.code, 0, `${where}: run ended on its own but failed: ${run.stderr}`);
        point = 'finished before the kill';
      } else {
        killed++;
        const temps = await leftoverTemps(idx);
        const locked = existsSync(join(vectorsDir, 'write.lock'));
        const committed = sha(await readOrEmpty(join(vectorsDir, 'manifest.json'))) !== manifestBefore;
        const embedInFlight = sim.log.slice(logStart).some((e) => e.path === '/api/embed' && e.clientClosed);
        if (temps.some((t) => t.startsWith('vectors/shards/'))) point = 'writing shard temp files (lock held)';
        else if (temps.some((t) => t.startsWith('vectors/'))) point = 'writing the manifest (lock held)';
        else if (locked) point = committed ? 'after the manifest, before unlock' : 'in a transaction, between shard renames';
        else if (temps.some((t) => t.startsWith('keyword/'))) point = 'saving the keyword index';
        else if (committed) point = 'after a commit (keyword save, close)';
        else if (embedInFlight) point = 'embedding request in flight';
        else point = 'before any write (start, discovery, chunking)';
      }
      points.set(point, (points.get(point) ?? 0) + 1);

      // --- the index as left on disk
      const raw = await snapshot(idx);
      damagedSeen += raw.damaged.length;
      assert.deepEqual(consistencyProblems(raw, { keyword: false }), [], `${where}: store inconsistent after the kill (${point})`);
      if (kind !== 'fresh') {
        const lost: string[] = [...ref].filter(([p, ids]) => !changed.has(p) && raw.files.get(p)?.chunkIds.join() !== ids.join()).map(([p]) => p);
        assert.deepEqual(lost, [], `${where}: chunks of unchanged files lost (${point})`);
      }

      // --- restart without indexing: loads, counts what the store holds, writes nothing
      const status = await runCli(['status', ws, '--index-dir', idx, '--json']);
      assert.equal(status.code, 0, `${where}: restart failed: ${status.stderr}`);
      const restarted = await snapshot(idx);
      assert.deepEqual(consistencyProblems(restarted, { keyword: false }), [], `${where}: inconsistent after restart (${point})`);
      const counted = (JSON.parse(status.stdout) as { chunks: number }).chunks;
      assert.equal(counted, restarted.chunks.length, `${where}: status counts ${counted} chunks, the store holds ${restarted.chunks.length}`);

      // --- complete the work: exactly the reference, nothing that was stored embedded again
      const storedTexts = new Set(restarted.chunks.filter((c) => restarted.vectorIds.includes(c.id)).map((c) => DOC_PREFIX + embeddingText(c)));
      const completeStart = sim.log.length;
      const holds = watchLockHolds(vectorsDir);
      const done = await runCli(args, { timeoutMs: 120_000 });
      holds.close();
      assert.equal(done.code, 0, `${where}: completing run failed: ${done.stderr}`);
      const report = JSON.parse(done.stdout) as { durationMs: number };
      duration[kind] = 0.5 * duration[kind] + 0.5 * (report.durationMs + 400);
      if (holds.longest > 0) lockHoldMs[kind] = 0.5 * lockHoldMs[kind] + 0.5 * holds.longest;
      const reEmbedded: string[] = sim.log.slice(completeStart).flatMap((e) => e.path === '/api/embed' ? e.inputs ?? [] : []).filter((t) => storedTexts.has(t));
      assert.equal(reEmbedded.length, 0, `${where}: ${reEmbedded.length} stored texts embedded again`);
      const final = await snapshot(idx);
      assert.deepEqual(consistencyProblems(final), [], `${where}: inconsistent after completing`);
      assert.deepEqual(referenceProblems(final, ref, { vectors: true }), [], `${where}: differs from the reference`);
      assert.deepEqual(await leftoverTemps(idx), [], `${where}: temp files left behind after a complete run`);
      indexed = true;
    }

    const table = [...points].sort((a, b) => b[1] - a[1]).map(([p, n]) => `  ${String(n).padStart(3)}  ${p}`).join('\n');
    delays.sort((a, b) => a - b);
    const q = (f: number) => delays[Math.min(delays.length - 1, Math.floor(f * delays.length))] ?? 0;
    console.log(`kill -9 trials: ${trial}, killed mid-run: ${killed}, files re-indexed after damage: ${damagedSeen}, seed ${rng.seed}\n` +
      `kill delays ms: min ${q(0)} p25 ${q(0.25)} p50 ${q(0.5)} p75 ${q(0.75)} max ${q(1)}\nkill points:\n${table}`);
    assert.ok(killed >= TRIALS, `only ${killed} of ${trial} runs were killed mid-run`);
  });
});
