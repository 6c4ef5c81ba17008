// Conversation history in the real extension host against ollama-sim: New Chat keeps the old conversation in
// History (title from its first question), reopening it restores its turns, rename and delete change the stored
// list, Retry answers again in the same turn, the list survives a reload of the view, and Insert puts a code
// block at the cursor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostMessageOf } from '../../src/protocol';
import { lore, needSim, readyIndex, recordPosts, waitFor, type LoreTestApi } from './lore';

suite('chat history', () => {
  let api: LoreTestApi;
  /** The conversation reopened by the first test, and the other one. */
  let reopened = '';
  let other = '';

  suiteSetup(async function () {
    if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') return;
    api = await lore();
    await readyIndex(api);
    api.chat.newChat();
  });

  /** The last History list the view was sent while `run` ran. */
  async function historyAfter(run: () => Promise<unknown>): Promise<HostMessageOf<'history'>> {
    const posts = recordPosts(api);
    try {
      await run();
      return await waitFor('a history message', () => posts.of('history').at(-1), 10_000);
    } finally {
      posts.dispose();
    }
  }

  test('New Chat keeps the conversation in History; reopening it restores its turns', async function () {
    needSim(this);
    await api.chat.ask('How does handleLogin lock an account?');
    const first = api.chat.snapshots();
    assert.equal(first.length, 1);
    api.chat.newChat();
    const list = await historyAfter(() => api.chat.ask('Where is retry with backoff implemented?'));
    // Newest first; conversations of earlier suites follow.
    assert.deepEqual(list.conversations.slice(0, 2).map((c) => [c.title, c.turns]), [
      ['Where is retry with backoff implemented?', 1], ['How does handleLogin lock an account?', 1]]);
    assert.equal(list.currentId, list.conversations[0]!.id);
    reopened = list.conversations[1]!.id;
    other = list.conversations[0]!.id;
    const posts = recordPosts(api);
    try {
      await api.chat.handle({ type: 'openConversation', id: reopened });
      const init = posts.of('init').at(-1);
      assert.ok(init, 'opening a conversation sends its turns');
      assert.deepEqual(init.turns.map((t) => [t.turnId, t.answer]), first.map((t) => [t.turnId, t.answer]));
    } finally {
      posts.dispose();
    }
    assert.deepEqual(api.chat.snapshots().map((t) => t.turnId), first.map((t) => t.turnId));
  });

  test('Retry answers again in the same turn, in place', async function () {
    needSim(this);
    const before = api.chat.snapshots();
    const posts = recordPosts(api);
    try {
      await api.chat.handle({ type: 'retry', turnId: before[0]!.turnId });
      assert.deepEqual(posts.of('turnStarted').map((m) => m.turnId), [before[0]!.turnId]);
    } finally {
      posts.dispose();
    }
    const after = api.chat.snapshots();
    assert.deepEqual(after.map((t) => t.turnId), before.map((t) => t.turnId), 'no new turn below the old one');
    assert.equal(after[0]!.state, 'done', JSON.stringify(after[0]!.error));
  });

  test('rename and delete change the stored list; it survives a reload of the view', async function () {
    needSim(this);
    const list = await historyAfter(() => api.chat.handle({ type: 'renameConversation', id: reopened, title: '  Account   lockout ' }));
    assert.equal(list.currentId, reopened);
    assert.equal(list.conversations.find((c) => c.id === reopened)?.title, 'Account lockout');
    const afterDelete = await historyAfter(() => api.chat.handle({ type: 'deleteConversation', id: other }));
    assert.ok(!afterDelete.conversations.some((c) => c.id === other), 'the deleted conversation is still listed');
    assert.equal(afterDelete.conversations.length, list.conversations.length - 1);
    const titles = afterDelete.conversations.map((c) => c.title);
    const posts = recordPosts(api);
    try {
      await vscode.commands.executeCommand('lore.chat.focus');
      await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
      const reloaded = await waitFor('the reloaded view to receive the history', () => posts.of('history').at(-1), 30_000);
      assert.deepEqual(reloaded.conversations.map((c) => c.title), titles);
      assert.equal(reloaded.currentId, reopened);
      assert.ok(posts.of('init').at(-1)?.turns.length, 'the current conversation is restored');
    } finally {
      posts.dispose();
    }
    assert.equal(api.chat.persisted().length, api.chat.snapshots().length, 'the current conversation is stored');
  });

  test('Insert puts a code block at the cursor', async function () {
    needSim(this);
    const doc = await vscode.workspace.openTextDocument({ content: 'before\n', language: 'typescript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await api.chat.handle({ type: 'insertCode', code: 'const x = 1;\n', language: 'ts', target: 'cursor' });
    await waitFor('the code in the editor', () => doc.getText() === 'before\nconst x = 1;\n' || undefined, 5_000, () => doc.getText());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
