import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextTokensFor, prefixesFor } from '../../src/indexer/modelPrefixes';

// The multilingual embedding models README "Non-English knowledge bases" recommends, under the
// names Ollama's library and common community uploads give them.
test('bge-m3 takes no prefixes and a long context', () => {
  assert.deepEqual(prefixesFor('bge-m3:latest'), { query: '', document: '' });
  assert.equal(contextTokensFor('bge-m3'), 8192);
});

test('qwen3-embedding puts a retrieval instruction on queries only', () => {
  for (const name of ['qwen3-embedding', 'qwen3-embedding:0.6b', 'dengcao/Qwen3-Embedding-4B:Q4_K_M']) {
    const p = prefixesFor(name);
    assert.match(p.query, /^Instruct: .*retrieve relevant passages.*\nQuery: $/s, name);
    assert.equal(p.document, '', name);
  }
  assert.equal(contextTokensFor('qwen3-embedding:8b'), 8192);
});

test('nomic-embed-text-v2-moe keeps the search_ prefixes with its 512-token context; v1 keeps 2048', () => {
  assert.deepEqual(prefixesFor('nomic-embed-text-v2-moe'), { query: 'search_query: ', document: 'search_document: ' });
  assert.equal(contextTokensFor('nomic-embed-text-v2-moe:latest'), 512);
  assert.equal(contextTokensFor('nomic-embed-text:v1.5'), 2048);
});

test('multilingual-e5 gets query:/passage:, its instruct variant the instruction', () => {
  for (const name of ['jeffh/intfloat-multilingual-e5-large:f16', 'multilingual-e5-small', 'zylonai/multilingual-e5-large']) {
    assert.deepEqual(prefixesFor(name), { query: 'query: ', document: 'passage: ' }, name);
    assert.equal(contextTokensFor(name), 512, name);
  }
  assert.match(prefixesFor('multilingual-e5-large-instruct').query, /^Instruct: /);
  assert.equal(prefixesFor('multilingual-e5-large-instruct').document, '');
});

test('paraphrase-multilingual takes no prefixes', () => {
  assert.deepEqual(prefixesFor('paraphrase-multilingual:278m'), { query: '', document: '' });
  assert.equal(contextTokensFor('paraphrase-multilingual'), 512);
});
