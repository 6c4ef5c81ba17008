// The English-only-embedder notice over the live index: the English fixture raises none; with Chinese notes
// making up most of the indexed text, the check (src/vscode/embedderNotice.ts, the code extension.ts runs when
// the index is ready) advises bge-m3 for the index's model, remembers it per workspace and says it only once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { embedderLanguages } from '../../src/indexer/embedderLanguage';
import { EMBEDDER_NOTICE_KEY, EmbedderNotice } from '../../src/vscode/embedderNotice';
import { fileUri, lore, needSim, readyIndex, waitFor, workspaceFolder, writeText } from './lore';

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

const NOTE = '训练大模型需要大量的显存和高带宽的互联。量化可以把权重从十六位压缩到四位，显著降低部署成本。检索增强生成先从知识库中检索相关段落，再交给模型生成回答。';

suite('embedder notice', () => {
  const created = ['notes-zh/a.md', 'notes-zh/b.md', 'notes-zh/c.md'];

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(fileUri('notes-zh'), { recursive: true }).then(undefined, () => undefined);
  });

  test('English fixture: no notice; mostly-Chinese notes under an English-only model: bge-m3 advised once', async function () {
    needSim(this);
    this.timeout(90_000);
    const api = await lore();
    const svc = await readyIndex(api);
    const root = workspaceFolder().uri.fsPath;
    const folder = () => svc.index.folderIndex(root);
    const model = folder()?.status().model;
    assert.ok(model && embedderLanguages(model) === 'english', `the harness indexes with an English-only model, got ${model}`);
    assert.ok(!api.embedderNotice.noticed().includes(model), 'the English fixture raised the CJK notice');

    const filesBefore = folder()!.status().files;
    for (const rel of created) await writeText(rel, `# 笔记\n\n${Array.from({ length: 40 }, () => NOTE).join('\n\n')}\n`);
    await waitFor('the Chinese notes to be indexed', () => svc.index.status().state === 'ready' && folder()!.status().files >= filesBefore + created.length, 30_000, () => folder()?.status());

    const state = new MemoryMemento();
    const pulled: string[][] = [];
    const log = vscode.window.createOutputChannel('Lore embedder notice test', { log: true });
    try {
      const notice = new EmbedderNotice({
        state,
        log,
        folders: () => [{ model: folder()!.status().model, chunks: () => folder()!.allChunks() }],
        pullModels: async (names) => (pulled.push(names), false),
      });
      const advice = await notice.check();
      assert.ok(advice, 'no advice for a mostly-Chinese index');
      assert.equal(advice.model, model);
      assert.equal(advice.suggested, 'bge-m3');
      assert.ok(advice.cjkShare > 0.5, String(advice.cjkShare));
      assert.deepEqual(state.get(EMBEDDER_NOTICE_KEY), [model], 'remembered per workspace');
      assert.equal(await notice.check(), undefined, 'a second check in the same session samples nothing');
      assert.deepEqual(state.get(EMBEDDER_NOTICE_KEY), [model]);
      assert.deepEqual(pulled, [], 'nothing is pulled without the button');
    } finally {
      log.dispose();
    }
  });
});
