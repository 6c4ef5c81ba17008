import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NumberedSource } from '../../src/chat/citations';
import { passagesHeading } from '../../src/chat/questionLanguage';
import { isHostMessage, type HostMessage } from '../../src/protocol';
import { turnErrorOf } from '../../src/vscode/chatWire';
import { applyTurnEvent } from '../../src/vscode/chatTurnEvents';
import type { StoredTurn } from '../../src/vscode/conversationStore';
import { english } from '../../src/vscode/translate';

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

describe('applyTurnEvent', () => {
  it('an unavailable model: the turn records the error with the heading, posts it, and says Ollama was down', () => {
    const turn: StoredTurn = { snapshot: { turnId: 't1', question: '什么是量化', thinking: '', answer: '', sources: [], cited: [], state: 'streaming' }, locations: [] };
    const posted: HostMessage[] = [];
    const seen: boolean[] = [];
    const warned: string[] = [];
    const ctx = { turn, model: 'qwen3', folderOf: new Map([['notes/量化.md:10', '/kb']]), hitTexts: [], post: (m: HostMessage) => posted.push(m), t: english, ollamaSeen: (up: boolean) => seen.push(up), warn: (l: string) => warned.push(l) };
    applyTurnEvent(ctx, { type: 'folderUnknown', name: 'nope' });
    applyTurnEvent(ctx, {
      type: 'error', message: 'Ollama is not reachable', kind: 'unreachable', partialAnswer: '',
      retrievalOnly: [src(1, 'notes/量化.md')], passages: ['量化是……'], passagesHeading: passagesHeading('什么是量化', 1),
    });
    assert.deepEqual(posted[0], { type: 'status', turnId: 't1', text: 'No indexed folder is named "nope"; searching all folders.' });
    const err = posted[1] as Extract<HostMessage, { type: 'turnError' }>;
    assert.equal(err.type, 'turnError');
    assert.equal(err.passagesHeading, '聊天模型未能作答，以下是最相关的 1 个段落：');
    assert.equal(turn.snapshot.state, 'error');
    assert.equal(turn.snapshot.error?.passagesHeading, err.passagesHeading, 'saved with the turn, so a reload shows it');
    assert.equal(turn.locations[0]?.folder, '/kb');
    assert.deepEqual(seen, [false]);
    assert.match(warned[0] ?? '', /Chat turn failed: Ollama is not reachable/);
  });
});
