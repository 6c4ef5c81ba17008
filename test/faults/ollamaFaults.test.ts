/**
 * Ollama faults through ollama-sim, over real HTTP: connection refused at start, a connection cut
 * in the middle of an embedding batch, 500s, a server that never answers, and a chat stream cut
 * mid-answer. Indexing falls back to keyword-only and later embeds exactly what is missing (checked
 * against the sim's log); chat ends with clear advice and the partial answer; nothing hangs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { startOllamaSim, type FaultKind, type OllamaSim } from '../support/ollamaSim';
import { runTurn, type ChatEvent } from '../../src/chat/session';
import type { FolderIndex } from '../../src/indexer/folderIndex';
import { CodeCorpus } from './lib/corpus';
import { createRng } from './lib/rng';
import { assertCliBuilt, runCli, tempDir, within } from './lib/proc';
import { consistencyProblems, referenceIndex, referenceProblems, snapshot } from './lib/inspect';
import { embedInputsOf, embedRequested, embeddedOk, fastClient, fastEmbedder, openIndex } from './lib/indexing';

const injected = new Map<string, number>();
function inject(sim: OllamaSim, kind: FaultKind, paths: string[], count?: number): void {
  sim.setFault({ kind, paths, count });
  injected.set(`${kind} ${paths.join(',')}`, (injected.get(`${kind} ${paths.join(',')}`) ?? 0) + 1);
}

describe('Ollama faults', () => {
  const rng = createRng();
  let sim: OllamaSim;
  let root: string;
  let ws: string;

  before(async () => {
    assertCliBuilt();
    sim = await startOllamaSim({ logInputs: true });
    root = await tempDir('ollama');
    ws = join(root, 'ws');
    await new CodeCorpus(ws, rng).create(120);
  });
  after(async () => {
    await sim?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
    console.log(`faults injected: ${[...injected].map(([k, n]) => `${k} x${n}`).join('; ')}`);
  });

  /**
   * Index with the fault armed after `okRequests` good embed requests, then clear it and update
   * again: the second pass must embed exactly the texts the first one did not store with vectors.
   */
  async function faultThenResume(name: string, kind: FaultKind, okRequests: number, extra: { requestTimeoutMs?: number } = {}) {
    const idx = join(root, `idx-${name}`);
    const index = await openIndex(ws, idx, fastEmbedder(fastClient(sim.url, extra)));
    try {
      const start = sim.log.length;
      let armed = false;
      const arm = sim.waitForRequest('/api/embed', start + okRequests + 1).then(() => {
        if (!armed) inject(sim, kind, ['/api/embed']);
        armed = true;
      });
      const first = await within(index.update(), 30_000, `${name}: first pass`);
      armed = true;
      sim.setFault(null);
      await arm.catch(() => undefined);
      assert.equal(first.vectors, false, `${name}: the pass with a failing server must report missing vectors`);
      assert.match(first.vectorsError ?? '', /Ollama|127\.0\.0\.1/, `${name}: the error names the server`);
      const mid = await snapshot(idx);
      // The keyword file is saved in the background while the index is open: checked after close.
      assert.deepEqual(consistencyProblems(mid, { keyword: false }), [], `${name}: consistent after the failing pass`);
      const stored = new Set(embedInputsOf(mid.chunks.filter((c) => mid.vectorIds.includes(c.id))));
      const doneBefore = new Set(embeddedOk(sim, start));

      const resumeStart = sim.log.length;
      const second = await within(index.update(), 30_000, `${name}: resume`);
      assert.equal(second.vectors, true, `${name}: resume embeds: ${second.vectorsError}`);
      const sent = embedRequested(sim, resumeStart);
      await index.close();
      const final = await snapshot(idx);
      assert.deepEqual(consistencyProblems(final), [], `${name}: consistent after resuming`);
      assert.deepEqual(referenceProblems(final, await referenceIndex(ws), { vectors: true }), []);
      const all = embedInputsOf(final.chunks);
      const missing = all.filter((t) => !stored.has(t)).sort();
      assert.deepEqual([...sent].sort(), missing, `${name}: resume must embed exactly the texts not stored with vectors`);
      // A file is stored with all its vectors or none: only the one file whose chunks straddled the
      // failed batch may have some embedded twice.
      const redone = final.chunks.filter((c) => doneBefore.has(embedInputsOf([c])[0]) && sent.includes(embedInputsOf([c])[0]));
      const redoneFiles = new Set(redone.map((c) => c.path));
      assert.ok(redoneFiles.size <= 1, `${name}: texts of ${redoneFiles.size} files the server had already embedded were sent again`);
      return { stored: stored.size, resumed: sent.length, total: all.length, redone: redone.length };
    } finally {
      await index.close();
    }
  }

  it('connection refused at start: keyword-only index and search, then embeds everything once', { timeout: 60_000 }, async () => {
    const idx = join(root, 'idx-refused');
    inject(sim, 'refuse', ['/api/embed']);
    let index: FolderIndex = await within(openIndex(ws, idx, fastEmbedder(fastClient(sim.url))), 10_000, 'open while refused');
    try {
      assert.match(index.vectorsUnavailable ?? '', /not reachable|Ollama/i);
      const report = await within(index.update(), 30_000, 'keyword-only pass');
      assert.equal(report.vectors, false);
      assert.ok(report.chunks > 0);
      const found = await index.search({ query: 'zq7x1' });
      assert.equal(found.mode, 'keyword');
      assert.ok(found.fallbackReason, 'says why search fell back');
      assert.equal(found.hits[0]?.path.includes('m7.'), true, 'keyword search finds the chunk');
    } finally {
      await index.close();
    }
    sim.setFault(null);
    const start = sim.log.length;
    index = await openIndex(ws, idx, fastEmbedder(fastClient(sim.url)));
    try {
      const report = await within(index.update(), 30_000, 'pass after Ollama came back');
      assert.equal(report.vectors, true);
      await index.close();
      const s = await snapshot(idx);
      assert.deepEqual(consistencyProblems(s), []);
      const sent = embedRequested(sim, start).filter((t) => t !== 'search_document: dimension probe');
      assert.deepEqual([...sent].sort(), embedInputsOf(s.chunks).sort(), 'every chunk embedded exactly once');
    } finally {
      await index.close();
    }
  });

  it('CLI with nothing listening: one clear line, exit 0, keyword index and search work', { timeout: 60_000 }, async () => {
    const dead = await startOllamaSim();
    const url = dead.url;
    await dead.close(); // the port is closed now: ECONNREFUSED
    const idx = join(root, 'idx-cli-refused');
    const run = await runCli(['index', ws, '--index-dir', idx, '--ollama', url], { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    const lines = messageLines(run.stderr);
    assert.equal(lines.length, 1, `one line on stderr, got: ${run.stderr}`);
    assert.match(lines[0], new RegExp(`not reachable at ${url.replace(/[.:/]/g, '\\$&')}.*keyword`, 'i'));
    const search = await runCli(['search', 'zq3x0', ws, '--index-dir', idx, '--ollama', url, '--json'], { timeoutMs: 30_000 });
    assert.equal(search.code, 0, search.stderr);
    assert.match(search.stderr, /keyword/);
    assert.ok((JSON.parse(search.stdout) as unknown[]).length > 0);
  });

  it('CLI losing the server mid-run: says so in one line, exits 0, the next run completes', { timeout: 90_000 }, async () => {
    const idx = join(root, 'idx-cli-drop');
    const start = sim.log.length;
    void sim.waitForRequest('/api/embed', start + 3).then(() => inject(sim, 'drop-mid-batch', ['/api/embed']));
    const run = await runCli(['index', ws, '--index-dir', idx, '--ollama', sim.url], { timeoutMs: 60_000 });
    sim.setFault(null);
    assert.equal(run.code, 0, run.stderr);
    const lines = messageLines(run.stderr);
    assert.equal(lines.length, 1, `one line on stderr: ${run.stderr}`);
    assert.match(lines[0], /keyword-only; run `lore index` again/);
    const again = await runCli(['index', ws, '--index-dir', idx, '--ollama', sim.url, '--json'], { timeoutMs: 60_000 });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(messageLines(again.stderr), []);
    assert.equal((JSON.parse(again.stdout) as { vectors: boolean }).vectors, true);
  });

  it('connection dropped mid-batch: keyword-only for the rest, resume embeds only what is missing', { timeout: 90_000 }, async () => {
    const r = await faultThenResume('drop', 'drop-mid-batch', rng.int(2, 8));
    console.log(`drop-mid-batch: ${r.stored}/${r.total} stored with vectors before the fault, ${r.resumed} embedded on resume, ${r.redone} of them twice`);
  });

  it('persistent 500s: same; transient 500s are retried with nothing duplicated', { timeout: 90_000 }, async () => {
    await faultThenResume('500', '500', rng.int(2, 8));
    const idx = join(root, 'idx-500-transient');
    const index = await openIndex(ws, idx, fastEmbedder(fastClient(sim.url)));
    try {
      const start = sim.log.length;
      inject(sim, '500', ['/api/embed'], 2); // fewer than the retries
      const report = await within(index.update(), 30_000, 'transient 500s');
      assert.equal(report.vectors, true, report.vectorsError);
      assert.equal(sim.log.slice(start).filter((e) => e.status === 500).length, 2);
      await index.close();
      const s = await snapshot(idx);
      assert.deepEqual(consistencyProblems(s), []);
      assert.equal(embeddedOk(sim, start).length, s.chunks.length, 'each chunk embedded once despite the retries');
    } finally {
      sim.setFault(null);
      await index.close();
    }
  });

  it('a server that hangs: bounded by the timeout, then resume', { timeout: 90_000 }, async () => {
    const t0 = performance.now();
    await faultThenResume('hang', 'hang', rng.int(2, 8), { requestTimeoutMs: 400 });
    assert.ok(performance.now() - t0 < 30_000);
    // Hanging already at open (the dimension probe): open returns, keyword-only.
    inject(sim, 'hang', ['/api/embed']);
    try {
      const started = performance.now();
      const index = await within(openIndex(ws, join(root, 'idx-hang-open'), fastEmbedder(fastClient(sim.url, { requestTimeoutMs: 300 }))), 10_000, 'open against a hung server');
      assert.ok(performance.now() - started < 5000);
      assert.match(index.vectorsUnavailable ?? '', /\d+ ?(ms|s)|answer|time/i);
      await index.close();
    } finally {
      sim.setFault(null);
    }
  });

  describe('chat', () => {
    let index: FolderIndex;
    before(async () => {
      index = await openIndex(ws, join(root, 'idx-chat'), null);
      await index.update();
    });
    after(() => index?.close());

    async function turn(simFor: OllamaSim, opts: { requestTimeoutMs?: number; streamIdleTimeoutMs?: number } = {}): Promise<ChatEvent[]> {
      const client = fastClient(simFor.url, opts);
      const events: ChatEvent[] = [];
      const run = async () => {
        for await (const ev of runTurn({
          retrieve: async (q, signal) => (await index.search({ query: q, mode: 'keyword', k: 4, signal })).hits,
          chatStream: (messages, signal) => client.chatStream({ model: 'llama3.2', messages }, signal),
          budgetTokens: 3000,
        }, { question: 'What does compute7_1 return (zq7x1)?', history: [] }, new AbortController().signal)) events.push(ev);
      };
      await within(run(), 15_000, 'chat turn');
      return events;
    }
    const answer = (events: ChatEvent[]) => events.flatMap((e) => (e.type === 'answer' ? [e.delta] : [])).join('');
    const errorOf = (events: ChatEvent[]) => {
      const last = events.at(-1);
      assert.equal(last?.type, 'error', `the turn ends with an error, got ${JSON.stringify(last)?.slice(0, 200)}`);
      return last as Extract<ChatEvent, { type: 'error' }>;
    };

    it('stream cut mid-answer: clear error, the partial answer kept', async () => {
      const whole = answer(await turn(sim));
      assert.ok(whole.length > 20, 'the sim answers without faults');
      inject(sim, 'drop-mid-stream', ['/api/chat'], 1);
      const events = await turn(sim);
      const err = errorOf(events);
      assert.ok(err.partialAnswer.length > 0, 'the words that arrived are kept');
      assert.ok(whole.startsWith(err.partialAnswer), 'the partial answer is a prefix of the full one');
      assert.equal(err.partialAnswer, answer(events));
      assert.match(err.advice ?? err.message, /Ollama|connection|127\.0\.0\.1/i);
      assert.equal(err.turn?.answer, err.partialAnswer);
    });

    it('server refuses: error with advice, the retrieved passages shown instead', async () => {
      inject(sim, 'refuse', ['/api/chat'], 1);
      const err = errorOf(await turn(sim));
      assert.equal(err.kind, 'unreachable');
      assert.match(err.advice ?? '', /ollama serve|not reachable/i);
      assert.ok((err.retrievalOnly?.length ?? 0) > 0);
    });

    it('500 and a hang before the first token: bounded, with advice', async () => {
      inject(sim, '500', ['/api/chat'], 1);
      const e500 = errorOf(await turn(sim));
      assert.equal(e500.kind, 'server');
      inject(sim, 'hang', ['/api/chat'], 1);
      const t0 = performance.now();
      const hang = errorOf(await turn(sim, { requestTimeoutMs: 300 }));
      assert.equal(hang.kind, 'timeout');
      assert.ok(performance.now() - t0 < 5000);
      assert.equal(hang.partialAnswer, '');
    });

    it('a stream that stalls mid-answer times out with the partial answer', async () => {
      const slow = await startOllamaSim({ tokenLatencyMs: 3000 });
      try {
        const events = await turn(slow, { streamIdleTimeoutMs: 300 });
        const err = errorOf(events);
        assert.equal(err.kind, 'timeout');
        assert.ok(err.partialAnswer.length > 0, 'the first token arrived before the stall');
        assert.match(err.advice ?? '', /\d/);
      } finally {
        await slow.close();
      }
    });
  });
});

/** stderr without the progress lines a piped `lore index` prints every few seconds (slow machines get some). */
function messageLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() && !/^lore: indexing /.test(l));
}
