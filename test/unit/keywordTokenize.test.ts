import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryTerms, stemTerm, tokenizeCode } from '../../src/indexer/keyword';

test('camelCase with an acronym and a digit: whole identifier, then its parts', () => {
  assert.deepEqual(tokenizeCode('parseHTTPResponse2'), ['parsehttpresponse2', 'parse', 'http', 'response', '2']);
});

test('snake_case and kebab-case keep the whole name and split it', () => {
  assert.deepEqual(tokenizeCode('snake_case_name'), ['snake_case_name', 'snake', 'case', 'name']);
  assert.deepEqual(tokenizeCode('kebab-case-name'), ['kebab-case-name', 'kebab', 'case', 'name']);
});

test('paths split at slashes and dots', () => {
  assert.deepEqual(tokenizeCode('src/indexer/store.ts'), ['src', 'indexer', 'store', 'ts']);
  assert.deepEqual(tokenizeCode('C:\\proj\\lib\\main.rs'), ['proj', 'lib', 'main', 'rs']);
});

test('SCREAMING_CASE and PascalCase acronyms', () => {
  assert.deepEqual(tokenizeCode('MAX_RETRY_COUNT'), ['max_retry_count', 'max', 'retry', 'count']);
  assert.deepEqual(tokenizeCode('XMLHttpRequest'), ['xmlhttprequest', 'xml', 'http', 'request']);
});

test('a single-part word is emitted once', () => {
  assert.deepEqual(tokenizeCode('Indexer indexer'), ['indexer', 'indexer']);
});

test('stop words, code noise and one-letter tokens are dropped', () => {
  assert.deepEqual(tokenizeCode('The function is a parser for this value'), ['parser', 'value']);
  assert.deepEqual(tokenizeCode('const x = getX(self)'), ['getx', 'get']);
});

test('a minus between a name and a number is arithmetic, not kebab-case', () => {
  assert.deepEqual(tokenizeCode('count-1'), ['count']);
  assert.deepEqual(tokenizeCode('well-known'), ['well-known', 'well', 'known']);
});

test('over-long runs (hashes, base64) are not indexed', () => {
  const blob = 'a'.repeat(80);
  assert.deepEqual(tokenizeCode(`${blob} ok`), ['ok']);
});

test('non-ASCII words survive', () => {
  assert.deepEqual(tokenizeCode('café naïve'), ['café', 'naïve']);
});

test('stemming meets inflections but leaves identifiers with digits or separators alone', () => {
  assert.equal(stemTerm('embeddings'), stemTerm('embedding'));
  assert.equal(stemTerm('cached'), stemTerm('cache'));
  assert.equal(stemTerm('snake_case'), 'snake_case');
  assert.equal(stemTerm('utf8'), 'utf8');
});

test('query terms are stemmed and distinct', () => {
  const terms = queryTerms('cache caches cached Cache');
  assert.equal(terms.length, 1);
  assert.equal(terms[0], stemTerm('cache'));
});
