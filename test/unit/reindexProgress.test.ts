import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IndexProgress } from '../../src/indexer/types';
import type { UpdateReport } from '../../src/indexer/update';
import { ReindexProgress, reindexDoneMessage } from '../../src/vscode/reindexProgress';
import { english } from '../../src/vscode/translate';

const progress = (filesDone: number, filesTotal: number, chunksEmbedded: number): IndexProgress =>
  ({ status: 'indexing', filesDone, filesTotal, chunksTotal: chunksEmbedded, chunksEmbedded });

const report = (r: Partial<UpdateReport>): UpdateReport => ({
  folder: '/w', filesIndexed: 0, filesUnchanged: 0, filesRemoved: 0, chunks: 0, embedded: 0, skipped: {}, vectors: true,
  durationMs: 1, timings: { discoverMs: 0, chunkMs: 0, embedMs: 0, storeMs: 0 }, ...r,
});

describe('ReindexProgress', () => {
  it('shows files and chunks of the folder, and one bar over all folders that never goes back', () => {
    const p = new ReindexProgress(2, english);
    assert.deepEqual(p.update('app', progress(0, 0, 0)), { message: 'app: finding files', increment: 0 });
    assert.deepEqual(p.update('app', progress(5, 10, 40)), { message: 'app: 5/10 files, 40 chunks', increment: 25 });
    assert.deepEqual(p.update('app', progress(10, 10, 90)), { message: 'app: 10/10 files, 90 chunks', increment: 25 });
    // The second folder starts at half the bar: its 0/N adds nothing, its end fills the bar.
    assert.equal(p.update('docs', progress(0, 4, 0)).increment, 0);
    assert.equal(p.update('docs', progress(4, 4, 12)).increment, 50);
    assert.equal(p.update('docs', progress(4, 4, 12)).increment, 0);
  });
});

describe('reindexDoneMessage', () => {
  it('says how many chunks came from the embedding cache', () => {
    const msg = reindexDoneMessage([report({ filesIndexed: 12, chunks: 100, embedded: 70 }), report({ filesIndexed: 3, chunks: 20, embedded: 20 })], english);
    assert.equal(msg, 'Lore: re-index complete: 15 files re-indexed, 120 chunks (90 embedded now, 30 reused from the cache).');
  });

  it('all embedded now: no cache mention; keyword-only: says so with the reason, never "reused"', () => {
    assert.equal(reindexDoneMessage([report({ filesIndexed: 4, chunks: 9, embedded: 9 })], english), 'Lore: re-index complete: 4 files re-indexed, 9 chunks embedded.');
    const down = reindexDoneMessage([report({ filesIndexed: 4, chunks: 9, embedded: 0, vectors: false, vectorsError: 'Ollama is not reachable' })], english);
    assert.equal(down, 'Lore: re-index complete: 4 files, 9 chunks, keyword search only (no embeddings: Ollama is not reachable).');
    assert.doesNotMatch(down, /cache/);
  });
});
