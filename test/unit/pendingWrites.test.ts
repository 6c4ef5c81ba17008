import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeywordIndex } from '../../src/indexer/keyword';
import { PendingWrites } from '../../src/indexer/pendingWrites';
import { LoreStore, type FileUpdate } from '../../src/indexer/store';

const DIMS = 8;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function fileUpdate(path: string, words: string): { update: FileUpdate; hashes: string[] } {
  const text = `export function ${words.replace(/ /g, '_')}() { return '${words}'; }`;
  const hash = sha(text);
  const chunk = { id: sha(`${path}:${hash}`).slice(0, 32), path, language: 'typescript', kind: 'code' as const, startLine: 1, endLine: 1, text, hash };
  const vector = new Float32Array(DIMS).fill(1 / Math.sqrt(DIMS));
  return { update: { file: { path, hash, size: text.length, mtimeMs: 1 }, chunks: [chunk], vectors: [vector] }, hashes: [sha(`e:${text}`)] };
}

describe('PendingWrites', () => {
  let dir: string;
  let store: LoreStore;
  let keyword: KeywordIndex;

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'lore-pending-'));
    store = (await LoreStore.open(dir, { model: 'm', dims: DIMS })).store;
    keyword = KeywordIndex.empty();
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps collecting while a background flush runs; each batch lands once, in the store and the keyword index', async () => {
    const writes = new PendingWrites(store, keyword, 1);
    const a = fileUpdate('a.ts', 'alpha handler');
    writes.upsert(a.update, a.hashes);
    assert.equal(writes.due(), true);
    await writes.flushInBackground();
    const b = fileUpdate('b.ts', 'bravo parser'); // collected while a's flush may still run
    writes.upsert(b.update, b.hashes);
    await writes.flush();
    assert.deepEqual([...store.files().keys()].sort(), ['a.ts', 'b.ts']);
    assert.equal(keyword.size, 2);
    assert.equal(keyword.search('bravo', 5)[0]?.id, b.update.chunks[0].id);
    assert.equal(writes.due(), false);
  });

  it('puts a batch whose background flush failed back in the queue, so the final flush stores it', async () => {
    const writes = new PendingWrites(store, keyword, 1);
    const a = fileUpdate('a.ts', 'alpha handler');
    writes.upsert(a.update, a.hashes);
    const aborted = AbortSignal.abort();
    await writes.flushInBackground(aborted);
    const b = fileUpdate('b.ts', 'bravo parser');
    writes.upsert(b.update, b.hashes);
    await assert.rejects(writes.settle());
    assert.equal(store.files().size, 0);
    await writes.flush();
    assert.deepEqual([...store.files().keys()].sort(), ['a.ts', 'b.ts']);
    assert.equal(keyword.size, 2);
  });

  it('applies removals collected with upserts and counts them', async () => {
    const writes = new PendingWrites(store, keyword);
    const a = fileUpdate('a.ts', 'alpha handler');
    writes.upsert(a.update, a.hashes);
    await writes.flush();
    writes.remove(['a.ts', 'never-indexed.ts']);
    await writes.flush();
    assert.equal(store.files().size, 0);
    assert.equal(keyword.size, 0);
    assert.equal(writes.removedCount, 1);
  });
});
