import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { KeywordIndex } from '../../src/indexer/keyword';
import type { Chunk } from '../../src/indexer/types';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await fs.rm(r, { recursive: true, force: true });
});

function chunk(i: number, words: string): Chunk {
  const text = `function f${i}() { return "${words}"; }`;
  const hash = createHash('sha256').update(text).digest('hex');
  return { id: createHash('sha256').update(`${i}:${hash}`).digest('hex').slice(0, 24), path: `f${i}.ts`, language: 'typescript', kind: 'code', startLine: 1, endLine: 1, text, hash };
}

describe('keyword index under churn and shared by two writers', () => {
  it('adding documents while discarded ones await vacuuming never throws in the background', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      const kw = KeywordIndex.empty();
      const words = (i: number) => Array.from({ length: 30 }, (_, j) => `w${(i * 7919 + j * 104729) % 100000}x${j}`).join(' ');
      kw.add(Array.from({ length: 3000 }, (_, i) => chunk(i, words(i))));
      kw.remove(Array.from({ length: 1500 }, (_, i) => chunk(i, words(i)).id));
      // New terms split nodes of the term tree; minisearch's own background vacuum crashed on that.
      for (let k = 0; k < 40; k++) {
        await new Promise((r) => setTimeout(r, 3));
        kw.add(Array.from({ length: 50 }, (_, i) => chunk(10_000 + k * 50 + i, `${words(20_000 + k * 50 + i)} ab abc abcd abd${k}`)));
      }
      await kw.vacuum();
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(rejections, []);
      assert.equal(kw.size, 1500 + 2000);
      assert.ok(kw.search('abd7', 100).length >= 50);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a writer saving last keeps the chunks the other writer committed (and says so truthfully)', async () => {
    const root = await fs.mkdtemp(join(tmpdir(), 'lore-kwshared-'));
    roots.push(root);
    const folder = join(root, 'ws');
    const indexDir = join(root, 'idx');
    await fs.mkdir(folder);
    const open = () => FolderIndex.open({ folder, indexDir, model: 'none', embedder: null });
    const a = await open();
    const b = await open();
    await fs.writeFile(join(folder, 'fromB.ts'), 'export function writtenByWindowB() { return 1; }\n');
    await b.update({ paths: ['fromB.ts'] });
    await b.close();
    await fs.writeFile(join(folder, 'fromA.ts'), 'export function writtenByWindowA() { return 2; }\n');
    await a.update({ paths: ['fromA.ts'] });
    await a.close(); // saves the keyword index last

    const saved = await KeywordIndex.load(join(indexDir, 'keyword'));
    assert.equal(saved.size, 2, 'the last save holds both writers\' chunks');
    const c = await open();
    try {
      for (const [word, path] of [['writtenByWindowB', 'fromB.ts'], ['writtenByWindowA', 'fromA.ts']]) {
        const { hits } = await c.search({ query: word, mode: 'keyword' });
        assert.equal(hits[0]?.path, path, `${word} not found by keyword search`);
      }
    } finally {
      await c.close();
    }
  });
});
