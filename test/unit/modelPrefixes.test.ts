import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bareModelName, contextTokensFor, prefixesFor } from '../../src/indexer/modelPrefixes';

const BGE = 'Represent this sentence for searching relevant passages: ';

describe('prefixesFor', () => {
  const cases: [string, string, string][] = [
    ['nomic-embed-text', 'search_query: ', 'search_document: '],
    ['nomic-embed-text:v1.5', 'search_query: ', 'search_document: '],
    ['mxbai-embed-large:latest', BGE, ''],
    ['bge-large', BGE, ''],
    ['bge-m3', '', ''],
    ['snowflake-arctic-embed:335m', BGE, ''],
    ['snowflake-arctic-embed2', 'query: ', ''],
    ['jeffh/intfloat-multilingual-e5-large:f16', 'query: ', 'passage: '],
    ['all-minilm', '', ''],
    ['some-unknown-model', '', ''],
  ];
  for (const [model, query, document] of cases) {
    it(model, () => assert.deepEqual(prefixesFor(model), { query, document }));
  }
  it('is case-insensitive and ignores namespace and tag', () => {
    assert.equal(bareModelName('registry.example:5000/Team/Nomic-Embed-Text:latest'), 'nomic-embed-text');
    assert.deepEqual(prefixesFor('Team/Nomic-Embed-Text:latest'), prefixesFor('nomic-embed-text'));
  });
  it('lets the user override either prefix, including switching it off', () => {
    assert.deepEqual(prefixesFor('nomic-embed-text', { query: '' }), { query: '', document: 'search_document: ' });
    assert.deepEqual(prefixesFor('all-minilm', { document: 'doc: ' }), { query: '', document: 'doc: ' });
  });
});

describe('contextTokensFor', () => {
  it('knows the common embedding models and defaults to 512', () => {
    assert.equal(contextTokensFor('nomic-embed-text'), 2048);
    assert.equal(contextTokensFor('mxbai-embed-large'), 512);
    assert.equal(contextTokensFor('all-minilm:l6-v2'), 256);
    assert.equal(contextTokensFor('something-new'), 512);
  });
});
