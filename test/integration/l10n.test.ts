// The zh-CN interface in the real extension host. test/e2e/run.sh with LORE_E2E_LOCALE=zh-cn starts the VS Code
// server under --locale zh-cn with a stand-in language pack (VS Code keeps a display language only when a
// language pack for it is installed); without it the workbench is English. Either way the command title
// (package.nls*.json) and a runtime message (l10n/bundle.l10n.*.json via vscode.l10n) must be in that language.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, lore } from './lore';

interface Command {
  command: string;
  /** The scanner turns a translated command title into VS Code's localized string (value + English original). */
  title: string | { value: string; original: string };
}

const shown = (title: Command['title'] | undefined): string | undefined => (typeof title === 'object' ? title.value : title);

suite('l10n', () => {
  const wanted = (process.env.LORE_E2E_LOCALE ?? 'en').toLowerCase();
  const zh = wanted === 'zh-cn';

  test('the display language is the one the harness asked for', () => {
    assert.equal(vscode.env.language.toLowerCase(), wanted);
  });

  test('command titles come from package.nls of that language', () => {
    const commands = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Command[];
    const title = (id: string) => shown(commands.find((c) => c.command === id)?.title);
    assert.equal(title('lore.reindex'), zh ? '重新索引工作区' : 'Re-index Workspace');
    assert.equal(title('lore.askAboutSelection'), zh ? '就所选内容提问' : 'Ask About Selection');
    const reindex = commands.find((c) => c.command === 'lore.reindex')?.title;
    if (typeof reindex === 'object') assert.equal(reindex.original, 'Re-index Workspace', 'the English original stays searchable');
    assert.ok(commands.every((c) => !/^%.*%$/.test(shown(c.title) ?? '')), 'a title is still a %key%');
  });

  test('runtime messages come from the l10n bundle of that language (status bar tooltip)', async () => {
    const api = await lore();
    if (zh) assert.match(vscode.l10n.uri?.path ?? '', /\/l10n\/bundle\.l10n\.zh-cn\.json$/);
    else assert.equal(vscode.l10n.uri, undefined, 'English needs no bundle');
    try {
      api.statusBar.update({ state: 'idle', filesDone: 0, filesTotal: 0, chunks: 0 });
      const tooltip = api.statusBar.shown.tooltip;
      assert.ok(tooltip.includes(zh ? 'Lore：尚未索引任何文件夹。' : 'Lore: no folder indexed yet.'), tooltip);
    } finally {
      api.statusBar.update((await api.services()).index.status());
    }
  });
});
