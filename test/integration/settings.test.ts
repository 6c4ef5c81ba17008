// Settings that change how text becomes vectors rebuild the index; the chat model does not touch it.
import * as assert from 'node:assert/strict';
import { lore, needSim, readyIndex, search, setSetting, sleep, waitFor, workspaceFolder, type LoreTestApi } from './lore';
import type { IndexService } from '../../src/vscode/indexService';

suite('settings', () => {
  let api: LoreTestApi;
  let svc: IndexService;

  suiteSetup(async function () {
    if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') return;
    api = await lore();
    // Let file events of earlier suites (debounced 400 ms) pass, so the passes seen below are this suite's own.
    await sleep(1_500);
    svc = await readyIndex(api);
  });

  suiteTeardown(async () => {
    if (!svc) return;
    await setSetting('chatModel', undefined);
    await setSetting('embeddingModel', undefined);
    await waitFor('the index to return to nomic-embed-text', () => folderStatus()?.model === 'nomic-embed-text', 60_000);
    await readyIndex(api);
  });

  const folderStatus = () => svc.index.folderIndex(workspaceFolder().uri.fsPath)?.status();

  test('changing lore.chatModel does not re-index', async function () {
    needSim(this);
    const before = svc.index.folderIndex(workspaceFolder().uri.fsPath);
    const passes: { state: string; filesTotal: number }[] = [];
    const sub = svc.onDidChangeStatus(() => passes.push(svc.index.status()));
    try {
      await setSetting('chatModel', 'llama3.2');
      await sleep(2_000);
    } finally {
      sub.dispose();
    }
    assert.equal(svc.index.folderIndex(workspaceFolder().uri.fsPath), before, 'the folder index was reopened');
    // Writing the setting creates .vscode/settings.json, which the watcher may index on its own; a re-index
    // would go over every file of the workspace.
    const wide = passes.filter((p) => p.state === 'indexing' && p.filesTotal > 1);
    assert.deepEqual(wide, [], 'an indexing pass went over more than the settings file');
    assert.equal(folderStatus()?.model, 'nomic-embed-text');
  });

  test('changing lore.embeddingModel to all-minilm rebuilds with 384-dimensional vectors', async function () {
    needSim(this);
    const chunks = folderStatus()!.chunks;
    assert.equal(folderStatus()?.dims, 768);
    // The status bar follows the rebuild: "n/m · p%" while it runs, then ready with the chunk count.
    const shown: string[] = [];
    const sub = svc.onDidChangeStatus(() => shown.push(api.statusBar.shown.text));
    try {
      await setSetting('embeddingModel', 'all-minilm');
      await waitFor('the index to switch to all-minilm', () => folderStatus()?.model === 'all-minilm', 30_000, folderStatus);
      await readyIndex(api);
    } finally {
      sub.dispose();
    }
    assert.ok(shown.some((t) => /^\$\(sync~spin\) Lore \d+\/\d+ · \d+%$/.test(t)), `no "indexing n/m · p%" in the status bar: ${JSON.stringify(shown)}`);
    assert.equal(api.statusBar.shown.text, `$(book) Lore ${svc.index.status().chunks}`);
    const s = folderStatus()!;
    assert.equal(s.dims, 384, 'vectors of the new model');
    assert.equal(s.withVectors, s.chunks, 'every chunk re-embedded with the new model');
    assert.equal(s.chunks, chunks, 'same chunks as before');
    const hits = await search(svc, 'retry with exponential backoff', 'vector');
    assert.ok(hits.length > 0, 'vector search over the rebuilt index returned nothing');
  });
});
