import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { OllamaClient } from '../../src/ollama';
import {
  checkSetup,
  describePull,
  missingModels,
  noticeFor,
  NoticeGate,
  walkthroughSteps,
  WALKTHROUGH_KEYS,
  WALKTHROUGH_STEP_IDS,
  type SetupReport,
  type WalkthroughStep,
} from '../../src/vscode/setupCheck';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';

const MODELS = { embedding: 'nomic-embed-text', chat: 'deepseek-r1:1.5b' };

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('checkSetup against ollama-sim', () => {
  let sim: OllamaSim;
  before(async () => {
    sim = await startOllamaSim();
  });
  after(async () => sim.close());

  it('reports a reachable server with both default models installed, and no notice', async () => {
    sim.setModels({ embed: ['nomic-embed-text'], chat: ['deepseek-r1:1.5b'] });
    const report = await checkSetup(new OllamaClient({ host: sim.url }), MODELS);
    assert.equal(report.reachable, true);
    assert.ok(report.reachable && /\d/.test(report.version), 'a version string');
    assert.deepEqual(missingModels(report), []);
    assert.equal(noticeFor(report), undefined);
    assert.deepEqual(walkthroughSteps({ report }), { reachable: true, models: true, indexed: false, asked: false });
  });

  it('treats `x` and `x:latest` as the same model', async () => {
    sim.setModels({ embed: ['nomic-embed-text:latest'], chat: ['deepseek-r1:1.5b'] });
    const report = await checkSetup(new OllamaClient({ host: sim.url }), MODELS);
    assert.deepEqual(missingModels(report), []);
  });

  it('names each missing model with its role and offers Pull', async () => {
    sim.setModels({ embed: [], chat: [] });
    const report = await checkSetup(new OllamaClient({ host: sim.url }), MODELS);
    assert.deepEqual(missingModels(report).map((m) => [m.name, m.role]), [['nomic-embed-text', 'embedding'], ['deepseek-r1:1.5b', 'chat']]);
    const notice = noticeFor(report);
    assert.equal(notice?.kind, 'models-missing');
    assert.match(notice.message, /nomic-embed-text \(embedding\) and deepseek-r1:1\.5b \(chat\) are not installed/);
    assert.ok(notice.message.includes(sim.url.replace(/\/$/, '')), notice.message);
    assert.deepEqual(notice.actions.map((a) => a.action), ['pull', 'openSetup']);
    assert.deepEqual(walkthroughSteps({ report }), { reachable: true, models: false, indexed: false, asked: false });
  });

  it('after a pull the same check finds the model (what Pull Missing Models relies on)', async () => {
    sim.setModels({ embed: [], chat: ['deepseek-r1:1.5b'] });
    const client = new OllamaClient({ host: sim.url });
    const before = await checkSetup(client, MODELS);
    assert.deepEqual(missingModels(before).map((m) => m.name), ['nomic-embed-text']);
    assert.equal(noticeFor(before)?.actions[0]?.title, 'Pull');
    const lines: string[] = [];
    for await (const p of client.pull('nomic-embed-text')) lines.push(describePull('nomic-embed-text', p));
    assert.ok(lines.some((l) => /\d+% \(/.test(l)), `some line shows a percentage: ${lines.join(' | ')}`);
    assert.deepEqual(missingModels(await checkSetup(client, MODELS)), []);
  });

  it('lists a model used for both roles once', async () => {
    sim.setModels({ embed: [], chat: [] });
    const report = await checkSetup(new OllamaClient({ host: sim.url }), { embedding: 'llama3.2', chat: 'llama3.2:latest' });
    assert.equal(missingModels(report).length, 1);
  });
});

describe('checkSetup when Ollama is down', () => {
  it('reports the advice naming the host, and a notice with Open Setup Guide and Retry', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    const report = await checkSetup(new OllamaClient({ host, requestTimeoutMs: 5_000 }), MODELS);
    assert.equal(report.reachable, false);
    assert.ok(!report.reachable && report.advice.includes(host), JSON.stringify(report));
    const notice = noticeFor(report);
    assert.equal(notice?.kind, 'unreachable');
    assert.ok(notice.message.startsWith('Lore: Ollama is not reachable at'), notice.message);
    assert.deepEqual(notice.actions.map((a) => a.title), ['Open Setup Guide', 'Retry']);
    assert.deepEqual(missingModels(report), []);
    assert.deepEqual(walkthroughSteps({ report }), { reachable: false, models: false, indexed: false, asked: false });
  });

  it('rethrows when the caller aborted instead of reporting "unreachable"', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(checkSetup(new OllamaClient({ host }), MODELS, abort.signal));
  });
});

describe('NoticeGate', () => {
  it('shows the first notice, then nothing unasked after the user closed it', () => {
    const gate = new NoticeGate();
    assert.equal(gate.allows(false), true);
    gate.answered(undefined);
    assert.equal(gate.allows(false), false);
    assert.equal(gate.allows(true), true, 'a check the user asked for is always answered');
  });

  it('Retry keeps notices coming; Open Setup Guide and Pull count as handled', () => {
    const gate = new NoticeGate();
    gate.answered('retry');
    assert.equal(gate.allows(false), true);
    gate.answered('openSetup');
    assert.equal(gate.allows(false), false);
    const other = new NoticeGate();
    other.answered('pull');
    assert.equal(other.allows(false), false);
  });
});

describe('walkthroughSteps', () => {
  const ready: SetupReport = { host: 'http://127.0.0.1:11434', reachable: true, version: '0.9.0', models: [] };
  it('counts the index as done only when it is ready with chunks (a paused, keyword-only index is not)', () => {
    const base = { filesDone: 0, filesTotal: 0 };
    assert.equal(walkthroughSteps({ report: ready, index: { ...base, state: 'ready', chunks: 12 } }).indexed, true);
    assert.equal(walkthroughSteps({ report: ready, index: { ...base, state: 'ready', chunks: 0 } }).indexed, false);
    assert.equal(walkthroughSteps({ report: ready, index: { ...base, state: 'paused', chunks: 12 } }).indexed, false);
    assert.equal(walkthroughSteps({ report: ready, index: { ...base, state: 'indexing', chunks: 12 } }).indexed, false);
    assert.equal(walkthroughSteps({ asked: true }).asked, true);
  });
});

describe('describePull', () => {
  it('shortens layer digests and shows percent and sizes', () => {
    const line = describePull('nomic-embed-text', { status: `pulling ${'970aa74c0a90'}${'e'.repeat(52)}`, completed: 137_151_225, total: 274_302_450 });
    assert.equal(line, 'nomic-embed-text: pulling 970aa74c0a90 - 50% (137 MB of 274 MB)');
    assert.equal(describePull('m', { status: 'verifying sha256 digest' }), 'm: verifying sha256 digest');
    assert.equal(describePull('m', { status: 'pulling x', completed: 2e9, total: 1_117_322_599 }), 'm: pulling x - 100% (2.0 GB of 1.1 GB)');
  });
});

describe('package.json walkthrough', () => {
  it('has one step per WALKTHROUGH_STEP_IDS entry, each completing on its context key', () => {
    interface Step { id: string; completionEvents: string[]; media: { markdown?: string } }
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      contributes: { walkthroughs: { id: string; steps: Step[] }[] };
    };
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'lore.gettingStarted');
    assert.ok(walkthrough, 'lore.gettingStarted walkthrough');
    const steps = Object.keys(WALKTHROUGH_STEP_IDS) as WalkthroughStep[];
    assert.deepEqual(walkthrough.steps.map((s) => s.id), steps.map((k) => WALKTHROUGH_STEP_IDS[k]));
    for (const key of steps) {
      const step = walkthrough.steps.find((s) => s.id === WALKTHROUGH_STEP_IDS[key])!;
      assert.ok(step.completionEvents.includes(`onContext:${WALKTHROUGH_KEYS[key]}`), `${step.id} completes on ${WALKTHROUGH_KEYS[key]}`);
      assert.ok(step.media.markdown && readFileSync(new URL(`../../${step.media.markdown}`, import.meta.url), 'utf8').length > 0, `${step.id} media exists`);
    }
  });
});
