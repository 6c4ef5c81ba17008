// The `lore` CLI as a user runs it: the built bundle, a real folder, real HTTP to ollama-sim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startOllamaSim } from '../support/ollamaSim';
import { closedPort } from '../support/ports';

const repo = resolve(__dirname, '../..');
const cli = join(repo, 'dist/cli.js');
type Sim = Awaited<ReturnType<typeof startOllamaSim>>;
let sim: Sim;
let root: string;
let folder: string;

before(async () => {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'ignore' });
  sim = await startOllamaSim({ port: 0, embedder: 'hash' });
  root = mkdtempSync(join(tmpdir(), 'lore-cli-'));
  folder = join(root, 'project');
  cpSync(join(__dirname, '../fixtures/polyglot'), folder, { recursive: true });
  mkdirSync(join(folder, 'docs'), { recursive: true });
  writeFileSync(
    join(folder, 'docs/billing.md'),
    '# Billing\n\n## Refunds\n\nRefunds are issued to the original card within five business days after the support team approves the request.\n',
  );
});
after(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

function lore(args: string[], host = sim.url): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, OLLAMA_HOST: host, LORE_INDEX_DIR: '' } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('index, then search --json finds the file a natural-language question is about', async () => {
  const indexDir = join(root, 'idx-a');
  const indexed = await lore(['index', folder, '--index-dir', indexDir, '--json']);
  assert.equal(indexed.code, 0, indexed.stderr);
  const report = JSON.parse(indexed.stdout) as { filesIndexed: number; chunks: number; vectors: boolean };
  assert.ok(report.filesIndexed > 5 && report.chunks > 10 && report.vectors);

  const found = await lore(['search', 'when are refunds issued to the card', folder, '--index-dir', indexDir, '--json', '--top', '3']);
  assert.equal(found.code, 0, found.stderr);
  const hits = JSON.parse(found.stdout) as { path: string; startLine: number; endLine: number; symbol?: string; language: string; score: number }[];
  assert.equal(hits[0].path, 'docs/billing.md');
  const allowed = new Set(['path', 'startLine', 'endLine', 'symbol', 'language', 'score']);
  for (const h of hits) assert.deepEqual(Object.keys(h).filter((k) => !allowed.has(k)), [], 'search --json prints exactly the documented fields');
  assert.ok(hits[0].startLine >= 1 && hits[0].endLine >= hits[0].startLine);

  const status = await lore(['status', folder, '--index-dir', indexDir, '--json']);
  assert.equal(JSON.parse(status.stdout).chunks, report.chunks);
});

test('with Ollama unreachable, index and search still work in keyword mode and say so in one line', async () => {
  const indexDir = join(root, 'idx-b');
  const host = `http://127.0.0.1:${await closedPort()}`;
  const indexed = await lore(['index', folder, '--index-dir', indexDir], host);
  assert.equal(indexed.code, 0);
  assert.match(indexed.stderr, /not reachable at http:\/\/127\.0\.0\.1:\d+.*keyword index only/);
  // Apart from progress lines (a piped run prints one every few seconds).
  assert.equal(indexed.stderr.trim().split('\n').filter((l) => !l.startsWith('lore: indexing ')).length, 1, indexed.stderr);

  const found = await lore(['search', 'refunds original card', folder, '--index-dir', indexDir, '--json'], host);
  assert.equal(found.code, 0);
  assert.match(found.stderr, /keyword results only/);
  assert.equal(JSON.parse(found.stdout)[0].path, 'docs/billing.md');

  const asked = await lore(['ask', 'When are refunds issued?', folder, '--index-dir', indexDir], host);
  assert.equal(asked.code, 1, 'no answer (passages only): exit status 1');
  assert.equal(asked.stderr.trim().split('\n').length, 1, asked.stderr);
  assert.match(asked.stdout, /docs\/billing\.md:\d+-\d+/);
});

test('ask streams a cited answer and lists its sources as path:start-end', async () => {
  const indexDir = join(root, 'idx-a');
  const asked = await lore(['ask', 'When are refunds issued to the card?', folder, '--index-dir', indexDir]);
  assert.equal(asked.code, 0, asked.stderr);
  assert.match(asked.stdout, /\[1\]/);
  assert.match(asked.stdout, /Sources:\n\s+\[1\] docs\/billing\.md:\d+-\d+/);
  assert.doesNotMatch(asked.stdout, /<think>/);
});

test('bad usage exits 2 with the usage text', async () => {
  const r = await lore(['search']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Usage:/);
});

test('search --weights steers hybrid fusion: all weight on one side ranks like that side alone; bad weights are a usage error', async () => {
  const indexDir = join(root, 'idx-w');
  assert.equal((await lore(['index', folder, '--index-dir', indexDir])).code, 0);
  const ranked = async (...flags: string[]) => {
    const r = await lore(['search', 'add a value to the list and count the items in the store', folder, '--index-dir', indexDir, '--json', '--top', '6', ...flags]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { path: string; startLine: number }[]).map((h) => `${h.path}:${h.startLine}`);
  };
  const keyword = await ranked('--mode', 'keyword');
  const vector = await ranked('--mode', 'vector');
  assert.ok(keyword.length >= 4 && vector.length >= 4, `precondition: both sides find several chunks (${keyword.length}, ${vector.length})`);
  assert.notDeepEqual(keyword, vector, 'precondition: the two sides rank differently');
  // A side with weight 0 only adds its candidates after the other side's own list (they score 0 there).
  assert.deepEqual((await ranked('--weights', '0,1')).slice(0, keyword.length), keyword);
  assert.deepEqual((await ranked('--weights', '1,0')).slice(0, vector.length), vector);
  assert.notDeepEqual(await ranked('--weights', '1,1'), keyword, 'equal weights mix both sides');
  const bad = await lore(['search', 'refunds', folder, '--index-dir', indexDir, '--weights', '0,0']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--weights/);
});

test('CLI polish: piped progress lines, missing folder, unknown option, per-command help, status details, never-indexed folder', async () => {
  const indexDir = join(root, 'idx-polish');
  process.env.LORE_PROGRESS_MS = '1';
  try {
    const indexed = await lore(['index', folder, '--index-dir', indexDir]);
    assert.equal(indexed.code, 0, indexed.stderr);
    assert.match(indexed.stderr, /^lore: indexing \d+\/\d+ files \(\d+%\)/m, 'a piped index prints progress lines');
  } finally {
    delete process.env.LORE_PROGRESS_MS;
  }
  const missing = await lore(['index', join(root, 'nope')]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `lore: no folder at ${join(root, 'nope')}\n`);
  const unknown = await lore(['search', 'x', '--colour']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^lore: unknown option --colour \(see lore search --help\)/);
  const help = await lore(['ask', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: lore ask "<question>"[\s\S]*Exits with status 1/);
  // A file Lore leaves out, to be counted under Skipped.
  writeFileSync(join(folder, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  const status = await lore(['status', folder, '--index-dir', indexDir]);
  assert.match(status.stdout, /^Indexed: {2}\d{4}-\d\d-\d\d \d\d:\d\d UTC \((just now|\d+ min ago)\)$/m);
  assert.match(status.stdout, /^Ollama: {3}reachable at http:\/\/127\.0\.0\.1:\d+/m);
  assert.match(status.stdout, /^Skipped: {2}\S+ \d+(, \S+ \d+)*$/m);
  const down = await lore(['status', folder, '--index-dir', indexDir, '--json'], `http://127.0.0.1:${await closedPort()}`);
  const downJson = JSON.parse(down.stdout) as { ollama: { reachable: boolean }; skipped: Record<string, number> };
  assert.equal(downJson.ollama.reachable, false);
  assert.ok(Object.values(downJson.skipped).every((n) => Number.isInteger(n) && n > 0), JSON.stringify(downJson.skipped));
  const never = await lore(['search', 'refunds', folder, '--index-dir', join(root, 'idx-never')]);
  assert.equal(never.code, 1);
  assert.match(never.stderr, /has not been indexed yet; run `lore index .*` first/);
  assert.doesNotMatch(never.stderr, /no vectors yet/);
  const downAdvice = await lore(['ask', 'refunds?', folder, '--index-dir', indexDir], `http://127.0.0.1:${await closedPort()}`);
  assert.doesNotMatch(downAdvice.stderr, /Lore's settings/);
});
