// The keyword index's journal (keyword/journal.ts) and the deferred index that writes it
// (keyword/deferredIndex.ts): a pass that changes a few chunks saves them beside keyword.bin instead
// of rewriting it, and every later load applies them.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeferredKeywordIndex, KEYWORD_FILE, KeywordIndex, readSavedKeywordIndex } from '../../src/indexer/keyword';
import { JOURNAL_FILE } from '../../src/indexer/keyword/journal';
import { adjustFingerprint, chunkSetFingerprint } from '../../src/indexer/fingerprint';
import type { Chunk } from '../../src/indexer/types';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function chunk(path: string, text: string): Chunk {
  const hash = createHash('sha256').update(text).digest('hex');
  const id = createHash('sha256').update(`${path}:1:1:${hash}`).digest('hex').slice(0, 32);
  return { id, path, language: 'typescript', kind: 'code', startLine: 1, endLine: 1, text, hash };
}

const base = [
  chunk('src/retry.ts', 'export function retryWithBackoff(attempts: number) { return attempts; }'),
  chunk('src/cache.ts', 'export class EmbeddingCache { lookup(key: string) { return key; } }'),
  chunk('src/parse.ts', 'export function parseManifest(raw: string) { return JSON.parse(raw); }'),
];
const added = chunk('src/quota.ts', 'export function enforceQuotaWindow(limit: number) { return limit; }');

/** A saved index of `base`, stamped with the fingerprint of its ids. */
async function savedBase(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lore-kwj-'));
  dirs.push(dir);
  const index = KeywordIndex.empty();
  index.add(base);
  index.generation = chunkSetFingerprint(base.map((c) => c.id));
  await index.save(dir);
  return dir;
}

const paths = (index: KeywordIndex, q: string): string[] => index.search(q, 5).map((h) => h.path);

test('a deferred open loads nothing; its changes saved as a journal are in every later load', async () => {
  const dir = await savedBase();
  const binBefore = await readFile(join(dir, KEYWORD_FILE));
  const deferred = await DeferredKeywordIndex.open(dir);
  assert.ok(deferred instanceof DeferredKeywordIndex && deferred.deferred);
  assert.throws(() => deferred.search('retry', 5), /not loaded/);
  deferred.remove([base[0].id]);
  await deferred.addInSlices([added]);
  const expected = chunkSetFingerprint([base[1].id, base[2].id, added.id]);
  assert.equal(deferred.journalGeneration(), expected);
  await deferred.saveJournal(expected);
  assert.deepEqual(await readFile(join(dir, KEYWORD_FILE)), binBefore, 'keyword.bin is not rewritten');
  assert.ok((await stat(join(dir, JOURNAL_FILE))).size < 1000);

  const loaded = await KeywordIndex.load(dir);
  assert.equal(loaded.generation, expected);
  assert.deepEqual(paths(loaded, 'enforce quota window'), ['src/quota.ts']);
  assert.deepEqual(paths(loaded, 'retry backoff'), []);
  assert.deepEqual([...loaded.ids()].sort(), [base[1].id, base[2].id, added.id].sort());
  const saved = await readSavedKeywordIndex(dir);
  assert.deepEqual([...(saved?.ids ?? [])].sort(), [base[1].id, base[2].id, added.id].sort());
  assert.equal(saved?.generation, expected);
});

test('a later deferred pass extends the journal; materialize() gives the same index a load does', async () => {
  const dir = await savedBase();
  const first = (await DeferredKeywordIndex.open(dir)) as DeferredKeywordIndex;
  first.add([added]);
  await first.saveJournal(first.journalGeneration());
  const second = (await DeferredKeywordIndex.open(dir)) as DeferredKeywordIndex;
  assert.equal(second.generation, first.generation);
  second.remove([added.id, base[2].id]); // the chunk added by the journal, and one of the base
  await second.saveJournal(second.journalGeneration());
  assert.equal(second.generation, chunkSetFingerprint([base[0].id, base[1].id]));
  await second.materialize();
  assert.equal(second.deferred, false);
  const loaded = await KeywordIndex.load(dir);
  for (const index of [second, loaded]) {
    assert.deepEqual([...index.ids()].sort(), [base[0].id, base[1].id].sort());
    assert.deepEqual(paths(index, 'parse manifest'), []);
    assert.deepEqual(paths(index, 'embedding cache lookup'), ['src/cache.ts']);
  }
});

test('a journal is ignored once keyword.bin is replaced, and removed by a whole save', async () => {
  const dir = await savedBase();
  const deferred = (await DeferredKeywordIndex.open(dir)) as DeferredKeywordIndex;
  deferred.add([added]);
  await deferred.saveJournal(deferred.journalGeneration());
  // Another writer saves a different index whole: the journal no longer extends it.
  const other = KeywordIndex.empty();
  other.add([base[0]]);
  other.generation = chunkSetFingerprint([base[0].id]);
  const replaced = await readFile(join(dir, KEYWORD_FILE));
  await other.save(join(dir, 'elsewhere'));
  await writeFile(join(dir, KEYWORD_FILE), await readFile(join(dir, 'elsewhere', KEYWORD_FILE)));
  assert.notDeepEqual(await readFile(join(dir, KEYWORD_FILE)), replaced);
  const loaded = await KeywordIndex.load(dir);
  assert.deepEqual([...loaded.ids()], [base[0].id]);
  assert.equal(loaded.generation, other.generation);
  // A whole save removes the journal it made obsolete.
  await (await KeywordIndex.load(dir)).save(dir);
  await assert.rejects(stat(join(dir, JOURNAL_FILE)), /ENOENT/);
});

test('a damaged journal is ignored, the base still loads', async () => {
  const dir = await savedBase();
  await writeFile(join(dir, JOURNAL_FILE), '{"version":1,"base":');
  const loaded = await KeywordIndex.load(dir);
  assert.equal(loaded.size, base.length);
  assert.equal(loaded.generation, chunkSetFingerprint(base.map((c) => c.id)));
});

test('adjustFingerprint agrees with a fingerprint computed from scratch', () => {
  const ids = Array.from({ length: 50 }, (_, i) => createHash('sha256').update(String(i)).digest('hex').slice(0, 32));
  const before = chunkSetFingerprint(ids.slice(0, 40));
  const after = adjustFingerprint(before, ids.slice(0, 10), ids.slice(40));
  assert.equal(after, chunkSetFingerprint(ids.slice(10)));
  assert.notEqual(adjustFingerprint(before, ids.slice(0, 9), ids.slice(40)), after);
});
