import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import { embedChunks } from '../../src/indexer/embedChunks';
import { Embedder } from '../../src/indexer/embedder';
import { LoreStore } from '../../src/indexer/store';
import { OllamaClient } from '../../src/ollama';
import type { Chunk } from '../../src/indexer/types';

describe('embedChunks when the server fails part-way', () => {
  let sim: OllamaSim;
  let dir: string;
  before(async () => {
    sim = await startOllamaSim();
    dir = await fs.mkdtemp(join(tmpdir(), 'lore-partial-'));
  });
  after(async () => {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('hands on the batches that came back before the failure', async () => {
    const { store } = await LoreStore.open(dir, { model: 'nomic-embed-text', dims: 768 });
    const chunks: Chunk[] = Array.from({ length: 12 }, (_, i) => {
      const text = `export const value${i} = ${i};`;
      const hash = createHash('sha256').update(text).digest('hex');
      return { id: hash.slice(0, 24), path: `f${i}.ts`, language: 'typescript', kind: 'code', startLine: 1, endLine: 1, text, hash };
    });
    const embedder = new Embedder(new OllamaClient({ host: sim.url }), { model: 'nomic-embed-text', batchSize: 4, maxRetries: 0 });
    const start = sim.log.length;
    void sim.waitForRequest('/api/embed', start + 1).then(() => sim.setFault({ kind: '500', paths: ['/api/embed'] }));
    try {
      const result = await embedChunks(chunks, embedder, store);
      assert.ok(result.error, 'the failure is reported');
      assert.equal(result.vectors, null);
      const got = result.partial?.map((v) => v !== undefined);
      assert.deepEqual(got, [...Array(8).fill(true), ...Array(4).fill(false)]);
      assert.equal(result.embedded, 8);
    } finally {
      sim.setFault(null);
      await store.close();
    }
  });
});
