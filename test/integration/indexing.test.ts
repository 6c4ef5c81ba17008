// Activation indexes the fixture workspace against ollama-sim: the WorkspaceIndex finds handleLogin in
// src/auth/login.ts, the status bar says "ready" with the chunk count, and the index lives in the extension's
// storage, not in the user's repository.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeHits, lore, needSim, readyIndex, search, workspaceFolder, type LoreTestApi } from './lore';

suite('indexing', () => {
  let api: LoreTestApi;

  suiteSetup(async () => {
    api = await lore();
  });

  test('activation indexes the fixture workspace with vectors from ollama-sim', async function () {
    needSim(this);
    const svc = await readyIndex(api);
    const folder = svc.index.folderIndex(workspaceFolder().uri.fsPath)?.status();
    assert.ok(folder, 'the workspace folder has no index');
    assert.equal(folder.model, 'nomic-embed-text');
    assert.equal(folder.dims, 768, 'nomic-embed-text vectors are 768-dimensional');
    // The fixture holds 7 indexable files (README, package.json, docs, scripts, src/*); each gives at least one chunk.
    assert.ok(folder.files >= 6, `only ${folder.files} files indexed`);
    assert.ok(folder.chunks >= folder.files, `${folder.chunks} chunks for ${folder.files} files`);
  });

  test('a search over the live index finds handleLogin at its lines in src/auth/login.ts', async function () {
    needSim(this);
    const svc = await readyIndex(api);
    const hits = await search(svc, 'handleLogin lock account after failed attempts');
    const top = hits.find((h) => h.path === 'src/auth/login.ts' && h.symbol?.includes('handleLogin'));
    assert.ok(top, `no handleLogin chunk of src/auth/login.ts in ${JSON.stringify(describeHits(hits))}`);
    // handleLogin's declaration is on line 25 and its body ends on line 48 of the fixture.
    assert.ok(top.startLine <= 25 && top.endLine >= 48, `handleLogin chunk spans ${top.startLine}-${top.endLine}`);
    const vectorHits = await search(svc, 'issue a session token for a user', 'vector');
    assert.ok(vectorHits.length > 0 && vectorHits.every((h) => h.score > 0), 'vector search returned nothing');
  });

  test('the status bar shows the ready index with its chunk count', async function () {
    needSim(this);
    const svc = await readyIndex(api);
    const chunks = svc.index.status().chunks;
    const shown = api.statusBar.shown;
    assert.equal(shown.text, `$(book) Lore ${chunks}`);
    assert.match(shown.tooltip, new RegExp(`ready: ${chunks} chunks`));
    assert.equal(shown.warning || shown.error, false);
  });

  test('the index lives in the extension storage, not in the workspace', async function () {
    needSim(this);
    const svc = await readyIndex(api);
    const root = workspaceFolder().uri.fsPath;
    const dir = svc.index.folderIndex(root)?.status().indexDir;
    assert.ok(dir, 'no index directory');
    assert.ok(!path.resolve(dir).startsWith(root + path.sep), `index directory ${dir} is inside the workspace`);
    const stray = await vscode.workspace.findFiles('**/{.lore,*.vectra*,index.json}', '**/node_modules/**');
    assert.deepEqual(stray.map((u) => u.fsPath), [], 'index files were written into the workspace');
  });
});
