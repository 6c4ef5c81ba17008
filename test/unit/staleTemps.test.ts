import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoreStore } from '../../src/indexer/store';
import { KeywordIndex } from '../../src/indexer/keyword/keywordIndex';

/** Temp files of a writer killed mid-transaction are removed; those of live writers stay. */
describe('temp files of killed writers', () => {
  let root: string;
  let live: ChildProcess;
  let deadPid: number;

  before(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'lore-temps-'));
    live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    // A process that has exited: its pid is (almost certainly) free.
    deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
  });
  after(async () => {
    live.kill('SIGKILL');
    await fs.rm(root, { recursive: true, force: true });
  });

  it('the store sweeps shard and manifest temps under its lock, and only dead processes\' cache temps', async () => {
    const dir = join(root, 'store');
    const id = { model: 'm', dims: 4 };
    await (await LoreStore.open(dir, id, { shards: 2 })).store.close();
    const names = [
      `shards/.00.lore.${deadPid}.1.tmp`,
      `shards/.01.lore.${live.pid}.7.tmp`, // staged under a lock that is not held any more: garbage too
      `.manifest.json.${deadPid}.3.tmp`,
      `.removed-vectors.bin.${deadPid}.4.tmp`,
      `.removed-vectors.bin.${live.pid}.5.tmp`, // saved without the lock by a live process: kept
    ];
    for (const n of names) await fs.writeFile(join(dir, n), 'x'.repeat(1000));
    const { store } = await LoreStore.open(dir, id);
    const text = 'hello';
    const hash = createHash('sha256').update(text).digest('hex');
    await store.apply({
      upserts: [{ file: { path: 'a.txt', hash, size: 5, mtimeMs: 1 }, chunks: [{ id: hash.slice(0, 24), path: 'a.txt', language: 'text', kind: 'text', startLine: 1, endLine: 1, text, hash }], vectors: [new Float32Array([1, 0, 0, 0])] }],
      removals: [],
    });
    await store.close();
    const left = [...(await fs.readdir(dir)), ...(await fs.readdir(join(dir, 'shards'))).map((n) => `shards/${n}`)].filter((n) => n.endsWith('.tmp'));
    assert.deepEqual(left, [`.removed-vectors.bin.${live.pid}.5.tmp`]);
  });

  it('the keyword index sweeps a dead process\'s temp on load and keeps a live one\'s', async () => {
    const dir = join(root, 'kw');
    await fs.mkdir(dir);
    await (await KeywordIndex.load(dir)).save(dir);
    await fs.writeFile(join(dir, `.keyword.bin.${deadPid}.1.tmp`), 'x');
    await fs.writeFile(join(dir, `.keyword.bin.${live.pid}.2.tmp`), 'x');
    await KeywordIndex.load(dir);
    assert.deepEqual((await fs.readdir(dir)).sort(), [`.keyword.bin.${live.pid}.2.tmp`, 'keyword.bin']);
  });

  it('a keyword save that fails at the rename leaves no temp behind', async () => {
    const dir = join(root, 'kw-fail');
    // A non-empty directory where keyword.bin goes: the temp is written, the rename over it fails.
    await fs.mkdir(join(dir, 'keyword.bin'), { recursive: true });
    await fs.writeFile(join(dir, 'keyword.bin', 'x'), 'x');
    await assert.rejects(KeywordIndex.empty().save(dir));
    assert.deepEqual((await fs.readdir(dir)).sort(), ['keyword.bin']);
  });
});
