import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostMessage, WireSource } from '../../src/protocol';
import { locationLabel } from '../../webview/dom';
import { applyHostMessage, indexStatusLine, initialState, isBusy, visibleSources } from '../../webview/state';

const src = (n: number): WireSource => ({ n, path: `a${n}.ts`, startLine: n, endLine: n + 4, language: 'typescript', kind: 'code' });

test('a streamed turn accumulates and dirties only itself', () => {
  const s = initialState();
  applyHostMessage(s, { type: 'turnStarted', turnId: 't0', question: 'old' });
  applyHostMessage(s, { type: 'turnDone', turnId: 't0', stopped: false, cited: [] });
  const start = applyHostMessage(s, { type: 'turnStarted', turnId: 't1', question: 'q' });
  assert.deepEqual([...start.turns!], ['t1']);
  assert.equal(isBusy(s), true);
  applyHostMessage(s, { type: 'status', turnId: 't1', text: 'Searching' });
  applyHostMessage(s, { type: 'sources', turnId: 't1', sources: [src(1), src(2)] });
  applyHostMessage(s, { type: 'thinkingDelta', turnId: 't1', text: 'hm' });
  applyHostMessage(s, { type: 'thinkingDelta', turnId: 't1', text: 'm' });
  const d = applyHostMessage(s, { type: 'answerDelta', turnId: 't1', text: 'A [1]' });
  assert.deepEqual([...d.turns!], ['t1']);
  assert.equal(d.all, undefined);
  const t1 = s.turns[1]!;
  assert.equal(t1.thinking, 'hmm');
  assert.equal(t1.status, undefined, 'status clears once the answer streams');
  applyHostMessage(s, { type: 'answerDelta', turnId: 't1', text: ' done' });
  const done = applyHostMessage(s, { type: 'turnDone', turnId: 't1', stopped: true, cited: [1] });
  assert.equal(done.composer, true);
  assert.equal(t1.answer, 'A [1] done');
  assert.equal(t1.state, 'stopped');
  assert.equal(isBusy(s), false);
  assert.equal(s.turns[0]!.answer, '');
});

test('errors, late messages, clear and init', () => {
  const s = initialState();
  applyHostMessage(s, { type: 'turnStarted', turnId: 't1', question: 'q' });
  applyHostMessage(s, { type: 'turnError', turnId: 't1', message: 'down', actions: ['retry'] });
  assert.deepEqual(s.turns[0]!.error, { message: 'down', actions: ['retry'] });
  assert.equal(s.turns[0]!.state, 'error');
  assert.deepEqual(applyHostMessage(s, { type: 'answerDelta', turnId: 'gone', text: 'x' }), {});
  assert.equal(applyHostMessage(s, { type: 'cleared' }).all, true);
  assert.equal(s.turns.length, 0);
  const init: HostMessage = {
    type: 'init', turns: [{ turnId: 'r', question: 'q', thinking: '', answer: 'a', sources: [], cited: [], state: 'streaming' }],
    models: ['m'], currentModel: 'm', index: { state: 'ready', filesDone: 1, filesTotal: 1, chunks: 2 },
    settings: { sourcesShown: 'cited' }, activeTurnId: 'r',
  };
  applyHostMessage(s, init);
  assert.equal(s.turns[0]!.turnId, 'r');
  assert.equal(isBusy(s), true);
});

test('prefill fills the composer and turnStarted consumes the selection', () => {
  const s = initialState();
  const d = applyHostMessage(s, { type: 'prefill', text: 'Explain', selection: { path: 'a.ts', startLine: 2, endLine: 3 } });
  assert.equal(d.prefill, 'Explain');
  assert.equal(s.selection?.path, 'a.ts');
  applyHostMessage(s, { type: 'turnStarted', turnId: 't', question: 'Explain' });
  assert.equal(s.selection, undefined);
});

test('sourcesShown filters to cited sources once a turn is done', () => {
  const s = initialState();
  applyHostMessage(s, { type: 'turnStarted', turnId: 't', question: 'q' });
  applyHostMessage(s, { type: 'sources', turnId: 't', sources: [src(1), src(2), src(3)] });
  s.settings.sourcesShown = 'cited';
  const turn = s.turns[0]!;
  assert.equal(visibleSources(s, turn).length, 3, 'all while streaming');
  applyHostMessage(s, { type: 'turnDone', turnId: 't', stopped: false, cited: [3, 1] });
  assert.deepEqual(visibleSources(s, turn).map((x) => x.n), [1, 3]);
  s.settings.sourcesShown = 'none';
  assert.deepEqual(visibleSources(s, turn), []);
});

test('labels', () => {
  assert.equal(indexStatusLine({ state: 'indexing', filesDone: 120, filesTotal: 900, chunks: 5 }, 1000),
    'Indexing 120/900 files (13%) — answers may be incomplete');
  assert.equal(indexStatusLine({ state: 'indexing', filesDone: 220, filesTotal: 900, chunks: 5 }, 11_000),
    'Indexing 220/900 files (24%), 10 files/s, about 1 min left — answers may be incomplete');
  // Paused after indexing: what is searchable, never "paused at 0/0 files".
  const paused = indexStatusLine({ state: 'paused', filesDone: 0, filesTotal: 0, chunks: 2262, message: 'Ollama is not reachable' })!;
  assert.equal(paused, 'Indexing paused: Ollama is not reachable (2,262 chunks searchable by keyword)');
  assert.doesNotMatch(paused, /0\/0/);
  assert.equal(indexStatusLine({ state: 'ready', filesDone: 0, filesTotal: 0, chunks: 9, ollamaUp: false }),
    'Ollama is not reachable: answers need it; 9 chunks indexed');
  assert.equal(indexStatusLine({ state: 'ready', filesDone: 1, filesTotal: 1, chunks: 5 }), undefined);
  assert.match(indexStatusLine({ state: 'error', filesDone: 0, filesTotal: 0, chunks: 0, message: 'disk full' })!, /disk full/);
  assert.equal(locationLabel({ path: 'a.ts', startLine: 3, endLine: 9 }), 'a.ts:3-9');
  assert.equal(locationLabel({ path: 'a.pdf', startLine: 4, endLine: 4, page: 2 }), 'a.pdf p. 2');
  assert.equal(locationLabel({ path: 'nb.ipynb', startLine: 7, endLine: 9, cell: 3 }), 'nb.ipynb cell 3');
});

test('Retry: a turnStarted with a known id replaces that turn in place', () => {
  const s = initialState();
  applyHostMessage(s, { type: 'turnStarted', turnId: 't1', question: 'q1' });
  applyHostMessage(s, { type: 'turnError', turnId: 't1', message: 'down', actions: ['retry'] });
  applyHostMessage(s, { type: 'turnStarted', turnId: 't2', question: 'q2' });
  applyHostMessage(s, { type: 'turnDone', turnId: 't2', stopped: false, cited: [] });
  const d = applyHostMessage(s, { type: 'turnStarted', turnId: 't1', question: 'q1' });
  assert.deepEqual(s.turns.map((t) => [t.turnId, t.state, t.error]), [['t1', 'streaming', undefined], ['t2', 'done', undefined]]);
  assert.deepEqual([...d.replaced!], ['t1']);
  assert.equal(isBusy(s), true);
});

test('history and completions messages', () => {
  const s = initialState();
  const d = applyHostMessage(s, { type: 'history', conversations: [{ id: 'c1', title: 'T', createdAt: 1, updatedAt: 2, turns: 3 }], currentId: 'c1' });
  assert.equal(d.history, true);
  assert.equal(s.currentConversation, 'c1');
  assert.equal(s.conversations[0]!.title, 'T');
  applyHostMessage(s, { type: 'completions', folders: ['api'], files: ['src/a.ts'] });
  assert.deepEqual(s.completions, { folders: ['api'], files: ['src/a.ts'] });
});
