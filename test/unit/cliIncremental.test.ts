// `lore index` run again over an indexed folder (issue 21 item 3): only what changed is re-indexed,
// as a user runs it (the built bundle, a real folder, real HTTP to ollama-sim).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startOllamaSim } from '../support/ollamaSim';

const repo = resolve(__dirname, '../..');
const cli = join(repo, 'dist/cli.js');
let sim: Awaited<ReturnType<typeof startOllamaSim>>;
let root: string;
let folder: string;
let indexDir: string;

interface Report {
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  embedded: number;
  chunks: number;
}

function lore(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args, '--index-dir', indexDir], { env: { ...process.env, OLLAMA_HOST: sim.url, LORE_INDEX_DIR: '' } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function index(): Promise<Report> {
  const r = await lore(['index', folder, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

async function keywordPaths(query: string): Promise<string[]> {
  const r = await lore(['search', query, folder, '--mode', 'keyword', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { path: string }[]).map((h) => h.path);
}

let files = 0;

before(async () => {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'ignore' });
  sim = await startOllamaSim({ port: 0, embedder: 'hash' });
  root = mkdtempSync(join(tmpdir(), 'lore-cli-incr-'));
  folder = join(root, 'project');
  indexDir = join(root, 'index');
  cpSync(join(__dirname, '../fixtures/polyglot'), folder, { recursive: true });
  writeFileSync(join(folder, 'notes.md'), '# Notes\n\nThe quarterly zebrafinch report is due on Fridays.\n');
  const full = await index();
  files = full.filesIndexed;
  assert.ok(files >= 5, `the fixture indexes several files (got ${files})`);
});

after(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

test('nothing changed: nothing re-indexed, nothing embedded', async () => {
  const r = await index();
  assert.deepEqual([r.filesIndexed, r.filesUnchanged, r.filesRemoved, r.embedded], [0, files, 0, 0]);
});

test('one edited file: exactly that file is re-indexed and its new text is searchable', async () => {
  const keywordBin = join(indexDir, 'keyword', 'keyword.bin');
  const binBefore = readFileSync(keywordBin);
  appendFileSync(join(folder, 'README.md'), '\n## Glossary\n\nA marmalade threshold decides when a retry gives up.\n');
  const r = await index();
  assert.deepEqual([r.filesIndexed, r.filesUnchanged, r.filesRemoved], [1, files - 1, 0]);
  // The keyword side of a small pass is saved as a journal beside keyword.bin, not a rewrite of it.
  assert.deepEqual(readFileSync(keywordBin), binBefore);
  assert.match(readFileSync(join(indexDir, 'keyword', 'keyword.journal.json'), 'utf8'), /marmalade threshold/);
  assert.ok(r.embedded >= 1);
  assert.deepEqual((await keywordPaths('marmalade threshold')).slice(0, 1), ['README.md']);
});

test('a file touched without a change of content is read again but not re-embedded', async () => {
  const file = join(folder, 'notes.md');
  const later = new Date(statSync(file).mtimeMs + 5000);
  utimesSync(file, later, later);
  const r = await index();
  // Read and hashed (so not "unchanged"), found to be the same text: not updated, nothing embedded.
  assert.deepEqual([r.filesIndexed, r.filesUnchanged, r.filesRemoved, r.embedded], [0, files - 1, 0, 0]);
});

test('a file edited to the same size with its mtime put back is not noticed (the known stat race, as before)', async () => {
  const file = join(folder, 'NOTES.txt');
  const text = readFileSync(file, 'utf8');
  // A whole-second mtime, so that it can be put back exactly (utimes takes no nanoseconds).
  const t = Math.floor(Date.now() / 1000) - 60;
  writeFileSync(file, `${text}aaaaaaaa`);
  utimesSync(file, t, t);
  assert.equal((await index()).filesIndexed, 1);
  writeFileSync(file, `${text}qwzxplum`);
  utimesSync(file, t, t);
  const r = await index();
  assert.equal(r.filesIndexed, 0);
  assert.deepEqual(await keywordPaths('qwzxplum'), []);
  // The same edit with a new mtime is picked up.
  utimesSync(file, t + 10, t + 10);
  assert.equal((await index()).filesIndexed, 1);
  assert.deepEqual((await keywordPaths('qwzxplum')).slice(0, 1), ['NOTES.txt']);
});

test('a deleted file is removed from the index and from search', async () => {
  assert.deepEqual((await keywordPaths('zebrafinch')).slice(0, 1), ['notes.md']);
  unlinkSync(join(folder, 'notes.md'));
  const r = await index();
  assert.deepEqual([r.filesIndexed, r.filesRemoved], [0, 1]);
  files -= 1;
  assert.deepEqual(await keywordPaths('zebrafinch'), []);
  const again = await index();
  assert.deepEqual([again.filesIndexed, again.filesUnchanged, again.filesRemoved], [0, files, 0]);
});
