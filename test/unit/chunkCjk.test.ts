import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkFile, embeddingText } from '../../src/indexer/chunking';
import { estimateTokens as chunkTokens } from '../../src/indexer/chunking';
import { estimateTokens as promptTokens } from '../../src/chat/tokens';
import { assertCoverage } from './chunkInvariant';

const SENTENCE = '检索增强生成先在知识库里检索相关段落，再把它们交给大模型回答问题。';

test('Chinese text is estimated at about one token per character, for chunks and prompts alike', () => {
  const zh = SENTENCE.repeat(10);
  assert.ok(chunkTokens(zh) >= zh.length, `${chunkTokens(zh)} < ${zh.length}`);
  assert.ok(promptTokens(zh) >= zh.length, `${promptTokens(zh)} < ${zh.length}`);
  // ASCII keeps its characters-per-token ratio (3 for the embedder, 3.5 for chat models).
  const en = 'word '.repeat(200);
  assert.equal(chunkTokens(en), Math.ceil(en.length / 3));
  assert.equal(promptTokens(en), Math.ceil(en.length / 3.5));
});

for (const path of ['notes/rag.md', 'notes/rag.txt']) {
  test(`a hard-wrapped Chinese paragraph over budget is split at sentence ends (${path})`, async () => {
    // One paragraph, each sentence wrapped over two lines: a line break inside a sentence is common.
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(`第${i}段：检索增强生成先在知识库里检索相关段落，`, '再把它们交给大模型回答问题。');
    const text = lines.join('\n');
    // Several budgets, so that the last line that fits falls inside a sentence for some of them.
    for (const maxTokens of [150, 180, 215, 250]) {
      const chunks = await chunkFile(path, text, { maxTokens, minTokens: 0 });
      assertCoverage(path, text, chunks);
      assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
      for (const c of chunks) {
        assert.match(c.text, /。$/, `budget ${maxTokens}: chunk ${c.startLine}-${c.endLine} ends mid-sentence: …${c.text.slice(-12)}`);
        assert.ok(chunkTokens(c.text) <= maxTokens, `chunk ${c.startLine}-${c.endLine} over budget`);
      }
    }
  });
}

test('the embedding text of an over-long Chinese line is clipped by tokens, not characters', async () => {
  const line = SENTENCE.repeat(150); // ~5000 characters on one line: one chunk of its own
  const [chunk] = await chunkFile('notes/long.md', line);
  const text = embeddingText(chunk);
  assert.ok(chunkTokens(text) <= 1100, `${chunkTokens(text)} estimated tokens`);
  assert.ok(text.length < 1200, `${text.length} characters`);
});
