// Asking through the real chat controller against ollama-sim: a streamed, cited answer whose citations point at
// the right lines of the fixture; reasoning shown apart and never sent back as history; Ask About Selection;
// New Chat; the conversation restored from workspaceState when the view reloads.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TurnSnapshot } from '../../src/protocol';
import { fileUri, lore, needSim, readyIndex, recordPosts, waitFor, type LoreTestApi } from './lore';

const CITE = /\[(\d+)\]/g;

function citedSources(turn: TurnSnapshot): TurnSnapshot['sources'] {
  const ns = new Set([...turn.answer.matchAll(CITE)].map((m) => Number(m[1])));
  return turn.sources.filter((s) => ns.has(s.n));
}

suite('ask', () => {
  let api: LoreTestApi;

  suiteSetup(async function () {
    if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') return;
    api = await lore();
    await readyIndex(api);
    api.chat.newChat();
  });

  test('a question gets a streamed answer citing handleLogin in src/auth/login.ts', async function () {
    needSim(this);
    const posts = recordPosts(api);
    try {
      await api.chat.ask('How does handleLogin lock an account after failed attempts?');
    } finally {
      posts.dispose();
    }
    const turn = api.chat.snapshots().at(-1)!;
    assert.equal(turn.state, 'done', `turn ended as ${turn.state}: ${JSON.stringify(turn.error)}`);
    const deltas = posts.of('answerDelta').filter((m) => m.turnId === turn.turnId);
    assert.ok(deltas.length >= 5, `answer arrived in ${deltas.length} delta(s), not streamed`);
    assert.equal(deltas.map((d) => d.text).join(''), turn.answer, 'streamed deltas do not add up to the answer');
    const cited = citedSources(turn);
    const login = cited.find((s) => s.path === 'src/auth/login.ts' && s.symbol?.includes('handleLogin'));
    assert.ok(login, `no citation of handleLogin; cited: ${JSON.stringify(cited)}`);
    assert.ok(login.startLine <= 25 && login.endLine >= 48, `cited lines ${login.startLine}-${login.endLine} miss handleLogin (25-48)`);
    assert.ok(turn.cited.includes(login.n), `turnDone.cited ${JSON.stringify(turn.cited)} lacks [${login.n}]`);
    // The sim quotes the cited source verbatim: the quote must be what the fixture has at those lines.
    const lines = (await vscode.workspace.openTextDocument(fileUri(login.path))).getText().split('\n');
    const quotedLine = lines.slice(login.startLine - 1, login.endLine).find((l) => l.trim().length > 3)!;
    assert.ok(turn.answer.includes(quotedLine.trim()), `answer does not quote ${login.path}:${login.startLine}: "${quotedLine.trim()}"`);
  });

  test('clicking citation [n] opens the cited file with the cited lines selected', async function () {
    needSim(this);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const turn = api.chat.snapshots().at(-1)!;
    const source = citedSources(turn).find((s) => s.path === 'src/auth/login.ts')!;
    await api.chat.handle({ type: 'openSource', turnId: turn.turnId, n: source.n });
    const editor = await waitFor('an editor for the cited file', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === fileUri(source.path).fsPath ? e : undefined;
    }, 10_000, () => vscode.window.activeTextEditor?.document.uri.fsPath);
    assert.equal(editor.selection.start.line + 1, source.startLine, 'selection does not start at the cited line');
    assert.equal(editor.selection.end.line + 1, source.endLine, 'selection does not end at the cited line');
    assert.ok(editor.visibleRanges.some((r) => r.contains(new vscode.Position(source.startLine - 1, 0))), 'cited lines are not scrolled into view');
  });

  test('reasoning is shown as thinking, never in the answer or the history sent back', async function () {
    needSim(this);
    const turn = api.chat.snapshots().at(-1)!;
    assert.ok(turn.thinking.length > 20, 'deepseek-r1 (sim) thinks, but no thinking was recorded');
    assert.doesNotMatch(turn.answer, /<\/?think>/);
    assert.ok(!turn.answer.includes(turn.thinking.slice(0, 40)), 'thinking leaked into the answer');
    const history = api.chat.history();
    assert.ok(history.length >= 1, 'no history kept');
    for (const h of history) {
      assert.doesNotMatch(h.answer, /<\/?think>|The user asks:/, 'reasoning is in the history');
    }
  });

  test('Ask About Selection sends the selection and cites it', async function () {
    needSim(this);
    const editor = await vscode.window.showTextDocument(fileUri('src/util/retry.ts'));
    const text = editor.document.getText();
    const start = editor.document.positionAt(text.indexOf('export async function'));
    editor.selection = new vscode.Selection(start, editor.document.lineAt(start.line + 3).range.end);
    await vscode.commands.executeCommand('lore.askAboutSelection', 'What does this do?');
    const turn = api.chat.snapshots().at(-1)!;
    assert.equal(turn.question, 'What does this do?');
    assert.deepEqual(turn.selection, { path: 'src/util/retry.ts', startLine: start.line + 1, endLine: start.line + 4 });
    assert.equal(turn.state, 'done', JSON.stringify(turn.error));
    assert.ok(citedSources(turn).some((s) => s.path === 'src/util/retry.ts'), `retry.ts not cited: ${turn.answer}`);
  });

  test('the conversation survives a reload of the view (restored from workspaceState on init)', async function () {
    needSim(this);
    const before = api.chat.snapshots();
    assert.ok(before.length >= 2);
    const posts = recordPosts(api);
    try {
      await vscode.commands.executeCommand('lore.chat.focus');
      await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
      const init = await waitFor('the reloaded view to receive init', () => posts.of('init').at(-1), 30_000);
      assert.deepEqual(init.turns.map((t) => [t.turnId, t.question, t.answer, t.state]), before.map((t) => [t.turnId, t.question, t.answer, t.state]));
      assert.ok(init.turns[0]!.sources.length > 0 && init.turns[0]!.thinking.length > 0, 'sources/thinking not restored');
    } finally {
      posts.dispose();
    }
    // What a window reload restores: the persisted record (the browser scenario reloads the whole window).
    const stored = api.chat.persisted();
    assert.deepEqual(stored.map((t) => t.turnId), before.map((t) => t.turnId));
  });

  test('New Chat clears the conversation, the view and the stored history', async function () {
    needSim(this);
    const posts = recordPosts(api);
    try {
      await vscode.commands.executeCommand('lore.newChat');
      assert.equal(posts.of('cleared').length, 1, 'the view was not told to clear');
    } finally {
      posts.dispose();
    }
    assert.deepEqual(api.chat.snapshots(), []);
    assert.deepEqual(api.chat.history(), []);
    await waitFor('the stored history to be empty', () => api.chat.persisted().length === 0, 5_000);
  });
});
