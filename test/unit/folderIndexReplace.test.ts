import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { Embedder } from '../../src/indexer/embedder';
import { OllamaClient } from '../../src/ollama';

describe('FolderIndex: a new embedding model replaces the index atomically (issue 16)', () => {
  let sim: OllamaSim;
  let root: string;
  before(async () => {
    sim = await startOllamaSim();
    root = await fs.mkdtemp(join(tmpdir(), 'lore-replace-'));
    await fs.mkdir(join(root, 'ws'));
    for (let i = 0; i < 6; i++) await fs.writeFile(join(root, 'ws', `f${i}.ts`), `export function zebra${i}Quokka(): number {\n  return ${i};\n}\n`);
  });
  after(async () => {
    await sim?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  const open = (model: string, readOnly = false) =>
    FolderIndex.open({ folder: join(root, 'ws'), indexDir: join(root, 'idx'), model, embedder: new Embedder(new OllamaClient({ host: sim.url }), { model }), readOnly });

  it('reads leave the other model\'s index alone; a write open builds beside it and swaps when complete', async () => {
    const first = await open('all-minilm');
    await first.update();
    await first.close();

    const reader = await open('nomic-embed-text', true);
    const r = await reader.search({ query: 'zebra3Quokka', mode: 'hybrid' });
    assert.equal(r.mode, 'keyword');
    assert.match(r.fallbackReason ?? '', /built with all-minilm/);
    assert.equal(r.hits[0]?.path, 'f3.ts');
    await assert.rejects(reader.update(), /read-only/);
    await reader.close();

    const writer = await open('nomic-embed-text');
    assert.match(writer.status().replacing ?? '', /all-minilm to nomic-embed-text/);
    assert.match(writer.notices.join('\n'), /building the new index beside the old one/);
    const during = await writer.search({ query: 'zebra4Quokka' });
    assert.equal(during.hits[0]?.path, 'f4.ts', 'the old index answers until the new one is complete');
    assert.match(during.fallbackReason ?? '', /rebuilding/);
    await writer.update();
    const s = writer.status();
    assert.equal(s.model, 'nomic-embed-text');
    assert.equal(s.replacing, undefined);
    assert.equal(s.chunks, 6);
    const afterSwap = await writer.search({ query: 'zebra5Quokka' });
    assert.equal(afterSwap.mode, 'hybrid');
    assert.equal(afterSwap.hits[0]?.path, 'f5.ts');
    await writer.close();
    assert.deepEqual((await fs.readdir(join(root, 'idx'))).filter((n) => /rebuild|old-/.test(n)), [], 'nothing left beside the index');
  });
});
