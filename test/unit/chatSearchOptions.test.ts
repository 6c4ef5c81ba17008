import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecentFiles } from '../../src/indexer/search/recentFiles';
import { WorkspaceIndex } from '../../src/indexer/workspaceIndex';
import { chatSearchOptions } from '../../src/chat/chatSearchOptions';
import { DEFAULTS, impactOf, readSettings } from '../../src/settings';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('search settings: mode and weights are validated; both weights 0 fall back to 1 and 1; none re-indexes', () => {
  const read = (raw: Record<string, unknown>) => readSettings(((k: string) => raw[k]) as never);
  assert.equal(read({ searchMode: 'semantic' }).searchMode, 'hybrid');
  assert.equal(read({ searchMode: 'keyword' }).searchMode, 'keyword');
  const clamped = read({ vectorWeight: 99, keywordWeight: -3 });
  assert.deepEqual([clamped.vectorWeight, clamped.keywordWeight], [10, 0]);
  const zero = read({ vectorWeight: 0, keywordWeight: 0 });
  assert.deepEqual([zero.vectorWeight, zero.keywordWeight], [1, 1]);
  assert.equal(read({ boostEditorFiles: 'no' }).boostEditorFiles, true);
  assert.equal(impactOf((k) => ['searchMode', 'vectorWeight', 'keywordWeight', 'boostEditorFiles'].includes(k)), 'none');
});

test('chatSearchOptions passes mode, weights and editor files; boosting off passes no files', () => {
  const editor = { activeFile: '/w/src/a.ts', recentFiles: ['/w/src/a.ts', '/w/src/b.ts'] };
  const on = chatSearchOptions({ ...DEFAULTS, searchMode: 'vector', vectorWeight: 2, keywordWeight: 0.5, sourcesCount: 5 }, editor);
  assert.equal(on.mode, 'vector');
  assert.equal(on.k, 5);
  assert.deepEqual(on.retrieval?.weights, { vector: 2, keyword: 0.5 });
  assert.equal(on.activeFile, '/w/src/a.ts');
  assert.deepEqual(on.recentFiles, ['/w/src/b.ts'], 'the active file is boosted as active, not also as recent');
  const off = chatSearchOptions({ ...DEFAULTS, boostEditorFiles: false }, editor);
  assert.equal(off.activeFile, undefined);
  assert.equal(off.recentFiles, undefined);
});

test('RecentFiles: newest first, no duplicates, bounded, forgets deleted files', () => {
  const r = new RecentFiles(3);
  for (const f of ['a', 'b', 'c', 'a', 'd']) r.touch(f);
  assert.deepEqual(r.list(), ['d', 'a', 'c']);
  r.forget('a');
  assert.deepEqual(r.list(), ['d', 'c']);
});

test('a recently edited file wins a tie across folders; a path prefix searches the folder holding it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lore-recent-'));
  dirs.push(root);
  const text = (name: string) => `export function ${name}() {\n  // reconcile the ledger totals\n  return reconcileLedger();\n}\n`;
  const folders = ['one', 'two'].map((name) => {
    const path = join(root, name);
    mkdirSync(join(path, 'src'), { recursive: true });
    writeFileSync(join(path, 'src', 'ledger.ts'), text('settle'));
    return { name, path };
  });
  const ws = new WorkspaceIndex({ storageDir: join(root, 'storage'), makeEmbedder: () => ({ embedder: null, model: 'none' }), discovery: () => ({}), log: () => undefined });
  try {
    await ws.setFolders(folders);
    const ask = (recent: string[], only?: string) => ws.search({ query: 'reconcile ledger totals', k: 4, recentFiles: recent, pathPrefix: only });
    const plain = await ask([]);
    assert.equal(plain.hits.length, 2, 'the same chunk in both folders');
    assert.equal(plain.hits[0].score, plain.hits[1].score, 'a tie without boosts');
    for (const f of folders) {
      const boosted = await ask([join(f.path, 'src', 'ledger.ts')]);
      assert.equal(boosted.hits[0].folder, f.path, `the edited copy in ${f.name} comes first`);
      assert.ok(boosted.hits[0].score > boosted.hits[1].score);
    }
    const two = await ask([], folders[1].path);
    assert.deepEqual(two.hits.map((h) => [h.folderName, h.path]), [['two', 'src/ledger.ts']]);
  } finally {
    await ws.dispose();
  }
});
