import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHostMessage, isWebviewMessage, LIMITS, type HostMessage, type WebviewMessage } from '../../src/protocol';

const source = { n: 1, path: 'src/a.ts', startLine: 3, endLine: 9, symbol: 'function a', language: 'typescript', kind: 'code' };

const validHost: HostMessage[] = [
  {
    type: 'init', models: ['deepseek-r1:1.5b'], currentModel: 'deepseek-r1:1.5b',
    index: { state: 'ready', filesDone: 3, filesTotal: 3, chunks: 40 }, settings: { sourcesShown: 'all' },
    turns: [{ turnId: 't1', question: 'q', thinking: '', answer: 'a [1]', sources: [{ ...source, kind: 'code' }], cited: [1], state: 'done' }],
  },
  { type: 'turnStarted', turnId: 't1', question: 'why?', selection: { path: 'a.ts', startLine: 1, endLine: 2 } },
  { type: 'status', turnId: 't1', text: 'Searching…' },
  { type: 'sources', turnId: 't1', sources: [{ ...source, kind: 'code' }] },
  { type: 'thinkingDelta', turnId: 't1', text: 'hmm' },
  { type: 'answerDelta', turnId: 't1', text: 'Because' },
  { type: 'turnDone', turnId: 't1', stopped: false, cited: [1] },
  {
    type: 'turnError', turnId: 't1', message: 'Ollama is not reachable', advice: 'Run `ollama serve`',
    actions: ['retry', 'openSetup'], retrievalOnly: [{ ...source, kind: 'code', text: 'code' }],
    passagesHeading: '聊天模型未能作答，以下是最相关的 1 个段落：',
  },
  { type: 'indexStatus', state: 'indexing', filesDone: 120, filesTotal: 900, chunks: 1000 },
  { type: 'models', models: ['a', 'b'], current: 'a' },
  { type: 'pullProgress', model: 'a', status: 'downloading', completed: 5, total: 10 },
  { type: 'prefill', text: 'Explain this', selection: { path: 'a.ts', startLine: 4, endLine: 8 } },
  { type: 'cleared' },
];

const validWebview: WebviewMessage[] = [
  { type: 'ready' }, { type: 'ask', text: 'q', scope: 'code', includeSelection: true }, { type: 'ask', text: 'q' },
  { type: 'stop' }, { type: 'newChat' }, { type: 'openSource', turnId: 't1', n: 2 }, { type: 'selectModel', model: 'm' },
  { type: 'pullModel', model: 'm' }, { type: 'retry', turnId: 't1' }, { type: 'action', kind: 'showLog' },
];

test('every well-formed message of each direction is accepted, and only by its own guard', () => {
  for (const m of validHost) {
    assert.equal(isHostMessage(m), true, m.type);
    // Round-trip through JSON, as postMessage does.
    assert.equal(isHostMessage(JSON.parse(JSON.stringify(m))), true, m.type);
  }
  for (const m of validWebview) assert.equal(isWebviewMessage(m), true, m.type);
  for (const m of validWebview.filter((w) => !['ready', 'stop', 'newChat'].includes(w.type))) {
    assert.equal(isHostMessage(m), false, `${m.type} is not a host message`);
  }
  assert.equal(isWebviewMessage({ type: 'init' }), false);
});

test('openSource carries a number only: a path or a non-integer is refused', () => {
  assert.equal(isWebviewMessage({ type: 'openSource', turnId: 't1', n: 1, path: '/etc/passwd' }), false);
  assert.equal(isWebviewMessage({ type: 'openSource', turnId: 't1', n: '1' }), false);
  assert.equal(isWebviewMessage({ type: 'openSource', turnId: 't1', n: 1.5 }), false);
  assert.equal(isWebviewMessage({ type: 'openSource', turnId: 't1', n: 0 }), false);
  assert.equal(isWebviewMessage({ type: 'openSource', turnId: 't1', n: -3 }), false);
  assert.equal(isWebviewMessage({ type: 'openSource', n: 1 }), false);
});

test('untrusted junk is refused', () => {
  const junk: unknown[] = [
    null, undefined, 42, 'ask', [], { }, { type: 'nope' }, { type: 'toString' }, { type: '__proto__' },
    { type: 'ask' }, { type: 'ask', text: 5 }, { type: 'ask', text: 'q', scope: 'everything' },
    { type: 'ask', text: 'x'.repeat(LIMITS.text + 1) }, { type: 'action', kind: 'runCommand' },
    { type: 'selectModel', model: null }, { type: 'retry', turnId: 't', extra: 1 },
    Object.assign(Object.create({ polluted: true }) as object, { type: 'stop' }),
  ];
  for (const j of junk) assert.equal(isWebviewMessage(j), false, JSON.stringify(j) ?? String(j));
  assert.equal(isHostMessage({ type: 'sources', turnId: 't', sources: [{ ...source, kind: 'binary' }] }), false);
  assert.equal(isHostMessage({ type: 'sources', turnId: 't', sources: [{ ...source, n: 0 }] }), false);
  assert.equal(isHostMessage({ type: 'turnError', turnId: 't', message: 'x', actions: ['rm -rf'] }), false);
  assert.equal(isHostMessage({ type: 'indexStatus', state: 'indexing', filesDone: -1, filesTotal: 1, chunks: 0 }), false);
  assert.equal(isHostMessage({ type: 'turnDone', turnId: 't', stopped: 'no', cited: [] }), false);
});

test('optional fields may be absent but not null', () => {
  assert.equal(isHostMessage({ type: 'turnStarted', turnId: 't', question: 'q' }), true);
  assert.equal(isHostMessage({ type: 'turnStarted', turnId: 't', question: 'q', selection: null }), false);
  assert.equal(isHostMessage({ type: 'pullProgress', model: 'm', status: 's', total: undefined }), true);
});

test('the index status the host posts passes validation with every WorkspaceStatus field', () => {
  // A field WorkspaceStatus gained (damage) once made every indexStatus and init message invalid in the view.
  const status = { state: 'indexing', filesDone: 3, filesTotal: 9, chunks: 12, message: 'm', damage: 'shard 2 unreadable' } as const;
  assert.equal(isHostMessage({ type: 'indexStatus', ...status }), true);
  assert.equal(isHostMessage({ type: 'indexStatus', ...status, unknown: 1 }), false);
});

test('a turn error carries the passages heading only as a bounded string', () => {
  const base = { type: 'turnError', turnId: 't1', message: 'down', retrievalOnly: [{ ...source, text: 'code' }] };
  assert.equal(isHostMessage({ ...base, passagesHeading: 'No answer from the chat model; the best matching passage instead:' }), true);
  assert.equal(isHostMessage({ ...base, passagesHeading: 42 }), false);
  assert.equal(isHostMessage({ ...base, passagesHeading: 'x'.repeat(LIMITS.text + 1) }), false);
});
