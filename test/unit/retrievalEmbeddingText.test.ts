import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embeddingText } from '../../src/indexer/chunking';
import type { Chunk } from '../../src/indexer/types';

const chunk = (symbol?: string): Chunk => ({ id: 'x', path: 'lib/command.js', language: 'javascript', kind: 'code', startLine: 1, endLine: 1, symbol, text: 'body', hash: 'h' });

test('the embedding header spells compound identifiers of the symbol as words', () => {
  assert.equal(
    embeddingText(chunk('class Command > method copyInheritedSettings; function parse_HTTPResponse')),
    'File: lib/command.js\nSymbol: class Command > method copyInheritedSettings; function parse_HTTPResponse\nNames: copy inherited settings, parse http response\n\nbody',
  );
});

test('no Names line when splitting changes nothing, or without a symbol', () => {
  assert.equal(embeddingText(chunk('Usage > Options')), 'File: lib/command.js\nSymbol: Usage > Options\n\nbody');
  assert.equal(embeddingText(chunk()), 'File: lib/command.js\n\nbody');
});
