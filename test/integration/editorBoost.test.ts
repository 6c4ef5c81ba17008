// Retrieval follows what the user is working on: of two files with the same text, the one just edited in an
// editor (unsaved) is the chat's first source; with lore.boostEditorFiles off the tie is back. Keyword mode
// (lore.searchMode) keeps the two copies' scores exactly equal. Every change is undone at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fileUri, lore, needSim, readyIndex, setSetting, waitFor, workspaceFolder, writeText, type LoreTestApi } from './lore';
import type { IndexService } from '../../src/vscode/indexService';

const FILES = ['src/notes/tideA.ts', 'src/notes/tideB.ts'];
const TEXT = 'export function tideTable(): number {\n  // quillfeather tide ledger: reconcile the tide ledger before noon\n  return 42;\n}\n';
const QUESTION = 'Where is the quillfeather tide ledger reconciled?';

suite('editor-aware retrieval', () => {
  let api: LoreTestApi;
  let svc: IndexService;
  // Retrieval offers identical text once, so ask the index itself which copies it holds.
  const found = async () => {
    const paths = new Set<string>();
    for await (const c of svc.index.folderIndex(workspaceFolder().uri.fsPath)!.allChunks()) if (FILES.includes(c.path)) paths.add(c.path);
    return paths.size;
  };

  suiteSetup(async function () {
    if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') return;
    api = await lore();
    svc = await readyIndex(api);
    for (const f of FILES) await writeText(f, TEXT);
    await waitFor('both copies to be indexed', async () => (await found()) === 2, 10_000);
    await setSetting('searchMode', 'keyword');
  });

  suiteTeardown(async () => {
    if (!svc) return;
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('searchMode', undefined);
    await setSetting('boostEditorFiles', undefined);
    for (const f of FILES) await vscode.workspace.fs.delete(fileUri(f)).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(fileUri('src/notes')).then(undefined, () => undefined);
    await waitFor('the copies to leave the index', async () => (await found()) === 0, 10_000);
    await readyIndex(api);
  });

  async function sourcesOf(question: string): Promise<string[]> {
    await api.chat.ask(question);
    const turn = api.chat.snapshots().at(-1)!;
    assert.equal(turn.state, 'done', JSON.stringify(turn.error));
    return turn.sources.map((s) => s.path);
  }

  test('the copy edited in an editor comes first; boosting off restores the tie order', async function () {
    needSim(this);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const before = (await sourcesOf(QUESTION)).filter((p) => FILES.includes(p));
    assert.equal(before.length, 1, `identical text is offered once: ${JSON.stringify(before)}`);
    const [tieWinner] = before;
    const other = FILES.find((f) => f !== tieWinner)!;
    // Edit the other copy without saving (the index does not change) and without showing it (no active-file boost).
    const doc = await vscode.workspace.openTextDocument(fileUri(other));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(4, 0), '// draft\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    assert.notEqual(vscode.window.activeTextEditor?.document.uri.fsPath, doc.uri.fsPath, 'the edited copy must not be the active editor');
    const edited = (await sourcesOf(QUESTION)).filter((p) => FILES.includes(p));
    assert.deepEqual(edited, [other], 'the recently edited copy is not the source offered');
    await setSetting('boostEditorFiles', false);
    await waitFor('the setting to reach the host', () => vscode.workspace.getConfiguration('lore').get('boostEditorFiles') === false, 5_000);
    const off = (await sourcesOf(QUESTION)).filter((p) => FILES.includes(p));
    assert.deepEqual(off, [tieWinner], 'with boosting off the tie is decided as before');
  });
});
