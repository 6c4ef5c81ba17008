import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NumberedSource } from '../../src/chat/citations';
import { passagesHeading } from '../../src/chat/questionLanguage';
import { isHostMessage } from '../../src/protocol';
import { turnErrorOf } from '../../src/vscode/chatWire';

const src = (n: number, path: string): NumberedSource =>
  ({ n, path, startLine: n * 10, endLine: n * 10 + 5, language: 'markdown', kind: 'doc' }) as NumberedSource;

describe('turnErrorOf', () => {
  it('passes the heading in the language of the question to the panel, with the passages and their text', () => {
    const question = '什么是量化';
    const sources = [src(1, 'notes/量化.md'), src(2, 'notes/部署.md')];
    const err = turnErrorOf({
      type: 'error', message: 'Ollama is not reachable', advice: 'Start it', kind: 'unreachable', partialAnswer: '',
      retrievalOnly: sources, passages: ['量化是……', '部署……'], passagesHeading: passagesHeading(question, sources.length),
    }, 'qwen3');
    assert.equal(err.passagesHeading, '聊天模型未能作答，以下是最相关的 2 个段落：');
    assert.deepEqual(err.retrievalOnly?.map((p) => [p.n, p.path, p.text]), [[1, 'notes/量化.md', '量化是……'], [2, 'notes/部署.md', '部署……']]);
    assert.deepEqual(err.actions, ['retry', 'openSetup', 'showLog']);
    assert.equal(err.advice, 'Start it');
    assert.equal(err.model, undefined);
    // The host validates what it sends as the webview does: the heading must survive the protocol check.
    assert.equal(isHostMessage(JSON.parse(JSON.stringify({ type: 'turnError', turnId: 't1', ...err }))), true);
  });

  it('no passages, no heading; a missing model names it; advice equal to the message is dropped', () => {
    const err = turnErrorOf({ type: 'error', message: 'no model', advice: 'no model', kind: 'model-missing', partialAnswer: '', passagesHeading: 'stray' }, 'qwen3');
    assert.equal(err.passagesHeading, undefined);
    assert.equal(err.retrievalOnly, undefined);
    assert.equal(err.model, 'qwen3');
    assert.equal(err.advice, undefined);
    assert.deepEqual(err.actions, ['pullModel', 'showLog']);
  });
});
