// Lore: Re-index Workspace from the command: the rebuilt index replaces the old one and the closing line says
// how many files were re-indexed, how many chunks, and which came from the embedding cache.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lore, needSim, readyIndex, sleep, workspaceFolder, type LoreTestApi } from './lore';
import type { IndexService } from '../../src/vscode/indexService';

suite('reindex', () => {
  let api: LoreTestApi;
  let svc: IndexService;

  suiteSetup(async function () {
    if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') return;
    api = await lore();
    await sleep(1_000);
    svc = await readyIndex(api);
  });

  test('lore.reindex rebuilds the index and reports files, chunks and cache reuse', async function () {
    needSim(this);
    const folder = workspaceFolder().uri.fsPath;
    const before = svc.index.folderIndex(folder);
    const filesBefore = before!.status().files;
    const message = await vscode.commands.executeCommand<string | undefined>('lore.reindex');
    assert.ok(message, 'the command resolved without a closing line (cancelled?)');
    const after = svc.index.folderIndex(folder)!;
    assert.notEqual(after, before, 'the folder index was not replaced by the rebuilt one');
    const s = after.status();
    assert.equal(s.withVectors, s.chunks, 'every chunk of the rebuilt index has a vector');
    const m = /re-index complete: (\d+) files re-indexed, (\d+) chunks(?: \((\d+) embedded now, (\d+) reused from the cache\)| embedded)\./.exec(message);
    assert.ok(m, `unexpected closing line: ${message}`);
    assert.equal(Number(m[1]), filesBefore, 'files re-indexed');
    assert.equal(Number(m[2]), s.chunks, 'chunks');
    // Embedded now + reused from the cache account for every chunk.
    if (m[3] !== undefined) assert.equal(Number(m[3]) + Number(m[4]), s.chunks);
    assert.equal(svc.index.status().state, 'ready');
  });
});
