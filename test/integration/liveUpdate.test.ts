// The file watcher keeps the index fresh: a write through workspace.fs, an editor edit + save, a new file and
// a deleted file each change what a search finds within a few seconds. Every change is undone at the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeHits, fileUri, lore, needSim, readText, readyIndex, search, waitFor, workspaceFolder, writeText, type LoreTestApi } from './lore';
import type { IndexService } from '../../src/vscode/indexService';

/** The debounce is 400 ms and one file re-embeds in milliseconds: a few seconds is generous. */
const FRESH_WITHIN_MS = 8_000;

async function hitsWithSymbol(svc: IndexService, word: string): Promise<string[]> {
  const hits = await search(svc, word, 'keyword', 20);
  return describeHits(hits.filter((h) => h.symbol?.includes(word) || h.text.includes(word)));
}

suite('live index updates', () => {
  let api: LoreTestApi;
  let svc: IndexService;
  const originals = new Map<string, string>();
  const created: string[] = [];

  suiteSetup(async function () {
    if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') return;
    api = await lore();
    svc = await readyIndex(api);
    for (const f of ['src/auth/login.ts', 'src/util/retry.ts']) originals.set(f, await readText(f));
  });

  suiteTeardown(async () => {
    // A dirty editor (a failed save) would make closing ask "Save changes?": revert those first.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [f, text] of originals) await writeText(f, text);
    for (const f of created) await vscode.workspace.fs.delete(fileUri(f)).then(undefined, () => undefined);
    if (!svc) return;
    // Leave the index as the next suites expect it: the restored files indexed again, nothing pending.
    await waitFor('the restored files to be indexed', async () =>
      (await hitsWithSymbol(svc, 'handleLogin')).some((h) => h.startsWith('src/auth/login.ts')) &&
      (await hitsWithSymbol(svc, 'calibrateGaugeDatum')).length === 0, FRESH_WITHIN_MS);
    await readyIndex(api);
  });

  test('renaming handleLogin to handleSignIn on disk: the new name is found, the old one is gone', async function () {
    needSim(this);
    assert.notDeepEqual(await hitsWithSymbol(svc, 'handleLogin'), [], 'precondition: handleLogin is indexed');
    const t0 = Date.now();
    await writeText('src/auth/login.ts', originals.get('src/auth/login.ts')!.replaceAll('handleLogin', 'handleSignIn'));
    await waitFor('handleSignIn to be searchable', async () => (await hitsWithSymbol(svc, 'handleSignIn')).some((h) => h.startsWith('src/auth/login.ts')), FRESH_WITHIN_MS);
    const stale = (await hitsWithSymbol(svc, 'handleLogin')).filter((h) => h.startsWith('src/auth/login.ts'));
    assert.deepEqual(stale, [], 'old chunks of login.ts are still in the index');
    const hybrid = await search(svc, 'handleSignIn credentials session token');
    assert.ok(hybrid.some((h) => h.path === 'src/auth/login.ts' && h.text.includes('handleSignIn')), `hybrid search misses the edit: ${describeHits(hybrid)}`);
    console.log(`      (searchable after ${Date.now() - t0} ms)`);
  });

  test('an edit in the editor, once saved, is searchable', async function () {
    needSim(this);
    const doc = await vscode.workspace.openTextDocument(fileUri('src/util/retry.ts'));
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0),
      '\n/** Calibrates a tide gauge against the harbour datum. */\nexport function calibrateGaugeDatum(offsetCm: number): number {\n  return offsetCm * 0.98;\n}\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
    // Unsaved text is not indexed (the index follows what is on disk).
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(await hitsWithSymbol(svc, 'calibrateGaugeDatum'), [], 'an unsaved edit was indexed');
    assert.ok(await doc.save(), 'save failed');
    await waitFor('calibrateGaugeDatum to be searchable after save', async () =>
      (await hitsWithSymbol(svc, 'calibrateGaugeDatum')).some((h) => h.startsWith('src/util/retry.ts')), FRESH_WITHIN_MS);
  });

  test('a new file is indexed and a deleted one loses its chunks', async function () {
    needSim(this);
    const rel = 'src/util/ephemeral.ts';
    const folder = () => svc.index.folderIndex(workspaceFolder().uri.fsPath)!.status();
    const files = folder().files;
    created.push(rel);
    await writeText(rel, '/** Converts a gauge reading to metres. */\nexport function gaugeReadingToMetres(raw: number): number {\n  return raw / 1000;\n}\n');
    await waitFor('the new file to be indexed', async () => (await hitsWithSymbol(svc, 'gaugeReadingToMetres')).length > 0, FRESH_WITHIN_MS);
    assert.equal(folder().files, files + 1);
    await vscode.workspace.fs.delete(fileUri(rel));
    await waitFor('the deleted file to leave the index', async () => (await hitsWithSymbol(svc, 'gaugeReadingToMetres')).length === 0, FRESH_WITHIN_MS,
      () => hitsWithSymbol(svc, 'gaugeReadingToMetres'));
    assert.equal(folder().files, files, 'file count did not go back after the delete');
    const all = await search(svc, 'gauge reading metres', 'hybrid', 50);
    assert.ok(!all.some((h) => h.path === rel), 'a vector hit still points at the deleted file');
  });
});
