// Posting lists read from keyword.bin are checked on first use, not all at load (segment.ts):
// a list a writer's bug got wrong (with a valid checksum) fails the search that reads it, loudly.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEYWORD_FILE, KEYWORD_FORMAT_VERSION, KeywordIndex, queryTerms } from '../../src/indexer/keyword';
import { decodeSegment, encodeSegment } from '../../src/indexer/keyword/segmentFile';
import type { Chunk } from '../../src/indexer/types';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function chunk(path: string, text: string): Chunk {
  const hash = createHash('sha256').update(text).digest('hex');
  const id = createHash('sha256').update(`${path}:${hash}`).digest('hex').slice(0, 32);
  return { id, path, language: 'typescript', kind: 'code', startLine: 1, endLine: 1, text, hash };
}

test('a bad posting list with a valid checksum loads, and fails only the search that reads it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lore-kwlazy-'));
  dirs.push(dir);
  const index = KeywordIndex.empty();
  index.add([
    chunk('src/retry.ts', 'export function retryWithBackoff(attempts: number) { return attempts; }'),
    chunk('src/cache.ts', 'export class EmbeddingCache { lookup(key: string) { return key; } }'),
  ]);
  index.generation = 5;
  await index.save(dir);

  const decoded = decodeSegment(await readFile(join(dir, KEYWORD_FILE)), KEYWORD_FORMAT_VERSION);
  assert.ok(decoded.ok);
  const { data } = decoded.segment;
  const term = decoded.segment.find(queryTerms('backoff')[0]);
  assert.ok(term >= 0);
  // Every non-empty list of that term claims 127 postings: more than its bytes hold.
  for (let f = 0; f < 3; f++) {
    const at = term * 3 + f;
    if (data.postingStart[at + 1] > data.postingStart[at]) data.postings[data.postingStart[at]] = 0x7f;
  }
  await writeFile(join(dir, KEYWORD_FILE), Buffer.concat(encodeSegment(decoded.segment, KEYWORD_FORMAT_VERSION, 5)));

  const loaded = await KeywordIndex.load(dir);
  assert.equal(loaded.recoveredFromCorruption, false);
  assert.equal(loaded.size, 2);
  assert.deepEqual(loaded.search('embedding cache lookup', 5).map((h) => h.path), ['src/cache.ts']);
  assert.throws(() => loaded.search('backoff', 5), /keyword index file is corrupt: posting count/);
});
