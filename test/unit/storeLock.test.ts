import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoreStore, acquireWriteLock } from '../../src/indexer/store';

const REPO = resolve(import.meta.dirname, '../..');
const STORE_URL = pathToFileURL(join(REPO, 'src/indexer/store/index.ts')).href;
const ID = { model: 'lock-test', dims: 8 };

/**
 * A writer process: applies `count` files named `<prefix><i>.ts` one transaction each (count < 0:
 * forever, cycling over 12 paths with changing content and some removals) and prints each commit.
 */
const CHILD = `
import { createHash } from 'node:crypto';
const { LoreStore } = await import(process.env.STORE_URL);
const [dir, prefix, countArg] = process.argv.slice(2);
const count = Number(countArg);
const sha = (s) => createHash('sha256').update(s).digest('hex');
const vec = (s) => { const v = new Float32Array(8); for (let i = 0; i < 8; i++) v[i] = Math.sin(s * (i + 1)); return v; };
const { store } = await LoreStore.open(dir, { model: 'lock-test', dims: 8 }, { shards: 4, lockStaleMs: 2000 });
for (let i = 0; count < 0 || i < count; i++) {
  const path = prefix + (count < 0 ? i % 12 : i) + '.ts';
  if (count < 0 && i % 5 === 4) { await store.apply({ upserts: [], removals: [path] }); continue; }
  const n = 1 + (i % 4);
  const chunks = Array.from({ length: n }, (_, j) => {
    const text = 'v' + i + ' chunk ' + j + ' of ' + path;
    return { id: sha(path + j + text).slice(0, 24), path, language: 'typescript', kind: 'code', startLine: j + 1, endLine: j + 1, text, hash: sha(text) };
  });
  await store.apply({ upserts: [{ file: { path, hash: sha(path + i), size: n, mtimeMs: i }, chunks, vectors: chunks.map((_, j) => vec(i * 10 + j + 1)) }], removals: [] });
  process.stdout.write('applied ' + i + '\\n');
}
await store.close();
`;

function startWriter(script: string, dir: string, prefix: string, count: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, dir, prefix, String(count)], {
    cwd: REPO, env: { ...process.env, STORE_URL }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => child.on('exit', (code) => res({ code, stderr })));
}

function fileUpdate(path: string, tag: string) {
  const text = `${tag} ${path}`;
  const hash = createHash('sha256').update(text).digest('hex');
  const vector = new Float32Array(ID.dims).map((_, i) => Math.cos(hash.charCodeAt(i) + i));
  return {
    file: { path, hash, size: 1, mtimeMs: 1 },
    chunks: [{ id: hash.slice(0, 24), path, language: 'text', kind: 'text' as const, startLine: 1, endLine: 1, text, hash }],
    vectors: [vector],
  };
}

/** Every file of the manifest has all its chunks, and nothing else is served, exactly once. */
async function assertConsistent(store: LoreStore): Promise<void> {
  const expected = [...store.files().values()].flatMap((f) => f.chunkIds);
  const served: string[] = [];
  for await (const c of store.allChunks()) served.push(c.id);
  assert.equal(new Set(served).size, served.length, 'duplicate chunks');
  assert.deepEqual([...served].sort(), [...expected].sort());
  assert.equal((await store.getChunks(expected)).length, expected.length);
}

describe('write lock and concurrent writers', () => {
  let root: string;
  let script: string;
  before(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'lore-lock-'));
    script = join(root, 'writer.mjs');
    await fs.writeFile(script, CHILD);
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('is exclusive until released', async () => {
    const dir = await fs.mkdtemp(join(root, 'x-'));
    const release = await acquireWriteLock(dir);
    let second = false;
    const waiting = acquireWriteLock(dir).then((r) => ((second = true), r));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(second, false);
    const content = JSON.parse(await fs.readFile(join(dir, 'write.lock'), 'utf8')) as { pid: number; acquiredAt: number };
    assert.equal(content.pid, process.pid);
    assert.ok(Math.abs(Date.now() - content.acquiredAt) < 10_000);
    await release();
    await (await waiting)();
    assert.equal(second, true);
    await assert.rejects(fs.stat(join(dir, 'write.lock')), { code: 'ENOENT' });
  });

  it('takes over the lock of a dead process, and of a silent one after staleMs', async () => {
    const dir = await fs.mkdtemp(join(root, 's-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await fs.writeFile(join(dir, 'write.lock'), JSON.stringify({ pid: Number(dead), host: hostname(), token: 't1', acquiredAt: Date.now() }));
    const started = Date.now();
    await (await acquireWriteLock(dir, { staleMs: 60_000 }))();
    assert.ok(Date.now() - started < 2_000);

    await fs.writeFile(join(dir, 'write.lock'), JSON.stringify({ pid: 1, host: 'another-host', token: 't2', acquiredAt: 0 }));
    await assert.rejects(acquireWriteLock(dir, { staleMs: 60_000, timeoutMs: 200 }), /locked by process 1/);
    const old = new Date(Date.now() - 5_000);
    await fs.utimes(join(dir, 'write.lock'), old, old);
    await (await acquireWriteLock(dir, { staleMs: 1_000, timeoutMs: 2_000 }))();
  });

  it('never steals a live lock, and honours abort', async () => {
    const dir = await fs.mkdtemp(join(root, 'l-'));
    const release = await acquireWriteLock(dir, { staleMs: 300 });
    await new Promise((r) => setTimeout(r, 700)); // the heartbeat keeps it fresh past staleMs
    await assert.rejects(acquireWriteLock(dir, { staleMs: 300, timeoutMs: 200 }), /locked/);
    const ac = new AbortController();
    const p = acquireWriteLock(dir, { signal: ac.signal });
    ac.abort(new Error('stop waiting'));
    await assert.rejects(p, /stop waiting/);
    await release();
  });

  it('loses no update with two instances and a child process writing at once', async () => {
    const dir = join(root, 'concurrent');
    const { store: a } = await LoreStore.open(dir, ID, { shards: 4 });
    const { store: b } = await LoreStore.open(dir, ID);
    const child = startWriter(script, dir, 'child/c', 12);
    const done = exited(child);
    await Promise.all([
      (async () => { for (let i = 0; i < 12; i++) await a.apply({ upserts: [fileUpdate(`a/${i}.ts`, 'a')], removals: [] }); })(),
      (async () => { for (let i = 0; i < 12; i++) await b.apply({ upserts: [fileUpdate(`b/${i}.ts`, 'b')], removals: [] }); })(),
    ]);
    const { code, stderr } = await done;
    assert.equal(code, 0, stderr);
    await Promise.all([a.close(), b.close()]);
    const r = await LoreStore.open(dir, ID);
    assert.deepEqual(r.damagedFiles, []);
    const paths = [...r.store.files().keys()];
    assert.equal(paths.filter((p) => p.startsWith('a/')).length, 12);
    assert.equal(paths.filter((p) => p.startsWith('b/')).length, 12);
    assert.equal(paths.filter((p) => p.startsWith('child/')).length, 12);
    await assertConsistent(r.store);
    await r.store.close();
  });

  it('stays consistent when a writer is killed with SIGKILL mid-write, again and again', async () => {
    const dir = join(root, 'killed');
    for (let round = 0; round < 5; round++) {
      const child = startWriter(script, dir, 'k/f', -1);
      const done = exited(child);
      let commits = 0;
      await new Promise<void>((res) => child.stdout?.on('data', (d: Buffer) => {
        commits += d.toString().split('applied').length - 1;
        if (commits >= 2 + round * 2) res(); // kill at a different point each round
      }));
      await new Promise((r) => setTimeout(r, Math.random() * 40));
      child.kill('SIGKILL');
      await done;
      const r = await LoreStore.open(dir, ID, { lockStaleMs: 2000 });
      await assertConsistent(r.store);
      // The dead writer's lock does not block the next one.
      await r.store.apply({ upserts: [fileUpdate(`parent/${round}.ts`, 'p')], removals: [] });
      await assertConsistent(r.store);
      await r.store.close();
    }
  });
});
