import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { KeywordIndex, queryTerms, tokenizeCode } from '../../src/indexer/keyword';
import type { Chunk } from '../../src/indexer/types';

function chunk(path: string, text: string): Chunk {
  const hash = createHash('sha256').update(text).digest('hex');
  return { id: hash.slice(0, 32), path, language: 'markdown', kind: 'doc', startLine: 1, endLine: 1, text, hash };
}

test('a run of Han characters becomes overlapping character pairs, not one clause-long token', () => {
  assert.deepEqual(tokenizeCode('大模型量化'), ['大模', '模型', '型量', '量化']);
  // A lone character between punctuation is kept as it is.
  assert.deepEqual(tokenizeCode('锁，树。'), ['锁', '树']);
});

test('Latin words and identifiers inside Chinese text are tokenized as in English text', () => {
  const tokens = tokenizeCode('用docker compose启动OpenHands');
  for (const t of ['docker', 'compose', 'openhands', 'open', 'hands', '启动', '用']) assert.ok(tokens.includes(t), t);
  assert.ok(!tokens.some((t) => /[a-z]/.test(t) && /\p{Script=Han}/u.test(t)), `no mixed token in ${tokens.join(' ')}`);
});

test('English tokenization is unchanged', () => {
  assert.deepEqual(tokenizeCode('parseHTTPResponse2 in src/indexer/store.ts'), ['parsehttpresponse2', 'parse', 'http', 'response', '2', 'src', 'indexer', 'store', 'ts']);
});

test('query analysis drops Chinese function and question words and never pairs across them', () => {
  const terms = queryTerms('训练大模型需要什么样的硬件');
  assert.ok(terms.includes('模型') && terms.includes('硬件') && terms.includes('训练'), terms.join(' '));
  for (const noise of ['什么', '需要', '的硬', '样的', '要什']) assert.ok(!terms.includes(noise), `${noise} in ${terms.join(' ')}`);
  assert.deepEqual(queryTerms('什么是量化？'), ['量化']);
  assert.deepEqual(queryTerms('如何部署吗'), ['部署']);
});

test('a Chinese question finds the passage that answers it, and Japanese text is searchable too', () => {
  const index = KeywordIndex.empty();
  const hardware = chunk('notes/硬件.md', '训练大模型通常需要多张高显存的 GPU，例如 A100 或 H100，并配合高速互联。');
  const quant = chunk('notes/量化.md', '量化是把模型权重从 16 位浮点数压缩到 8 位或 4 位整数，以减少显存占用。');
  const rag = chunk('notes/rag.md', '检索增强生成先在知识库里检索相关段落，再把它们交给大模型回答问题。');
  const ja = chunk('notes/ja.md', '東京の天気は晴れです。');
  index.add([hardware, quant, rag, ja]);
  assert.equal(index.search('训练大模型需要什么样的硬件', 3)[0]?.id, hardware.id);
  assert.equal(index.search('什么是量化', 3)[0]?.id, quant.id);
  assert.equal(index.search('怎么检索知识库', 3)[0]?.id, rag.id);
  assert.equal(index.search('東京の天気', 3)[0]?.id, ja.id);
});
