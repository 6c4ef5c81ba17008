import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerLanguageRule, passagesHeading, questionLanguage } from '../../src/chat/questionLanguage';
import { buildPrompt } from '../../src/chat/prompt';
import { runTurn, type ChatEvent } from '../../src/chat/session';
import type { RetrievedChunk } from '../../src/indexer/types';

const CHUNKS: RetrievedChunk[] = [
  { id: 'a', path: 'notes/硬件.md', startLine: 1, endLine: 2, language: 'markdown', kind: 'doc', score: 0.9, text: '训练大模型需要多张高显存的 GPU。' },
  { id: 'b', path: 'README.md', startLine: 5, endLine: 6, language: 'markdown', kind: 'doc', score: 0.5, text: 'Use an A100.' },
];

test('questionLanguage: mostly CJK questions by script, Latin-heavy ones and code spans not', () => {
  assert.equal(questionLanguage('训练大模型需要什么样的硬件'), 'zh');
  assert.equal(questionLanguage('用 docker compose 启动 OpenHands 需要哪些步骤？'), 'zh');
  assert.equal(questionLanguage('モデルの量子化とは何ですか'), 'ja');
  assert.equal(questionLanguage('양자화란 무엇입니까'), 'ko');
  assert.equal(questionLanguage('How does update work?'), undefined);
  assert.equal(questionLanguage('What does 量化 mean in this document?'), undefined);
  assert.equal(questionLanguage('What does `读取配置` return in loadSettings?'), undefined);
});

test('prompt: the rules ask for the question\'s language; a Chinese question names Chinese, an English one leaves the rules as they are', () => {
  const en = buildPrompt({ question: 'What is quantization?', sources: CHUNKS, history: [], budgetTokens: 4000 });
  const rules = en.messages[0].content;
  assert.match(rules, /language the question is written in/);
  assert.doesNotMatch(rules, /written in Chinese/);
  const zh = buildPrompt({ question: '什么是量化？', sources: CHUNKS, history: [], budgetTokens: 4000 });
  assert.match(zh.messages[0].content, /written in Chinese: write the whole answer in Chinese/);
  assert.ok(zh.messages[0].content.startsWith(`${rules}\n`));
  assert.equal(answerLanguageRule('What is quantization?'), undefined);
});

test('passagesHeading: in the question\'s language, with the count', () => {
  assert.equal(passagesHeading('什么是量化', 3), '聊天模型未能作答，以下是最相关的 3 个段落：');
  assert.match(passagesHeading('What is quantization?', 2), /^No answer from the chat model; the 2 best matching passages instead:$/);
  assert.match(passagesHeading('量子化とは', 1), /1 件/);
});

for (const [question, heading] of [['训练大模型需要什么样的硬件？', /^聊天模型未能作答，以下是最相关的 2 个段落：$/], ['Which GPU do I need?', /^No answer from the chat model/]] as const) {
  test(`runTurn: with the model unreachable the passages come with a heading in the question's language (${question})`, async () => {
    const events: ChatEvent[] = [];
    const turn = runTurn(
      {
        retrieve: async () => CHUNKS,
        chatStream: async function* () {
          yield* [];
          throw Object.assign(new Error('fetch failed'), { kind: 'unreachable' });
        },
        budgetTokens: 4000,
        now: () => 1,
        newId: () => 't',
      },
      { question, history: [] },
      new AbortController().signal,
    );
    for await (const e of turn) events.push(e);
    const err = events.at(-1);
    assert.ok(err?.type === 'error');
    assert.equal(err.retrievalOnly?.length, 2);
    assert.match(err.passagesHeading ?? '', heading);
  });
}
