// Every command package.json contributes is registered once Lore is active, and the context-menu entry and
// keybinding of Ask About Selection point at a registered command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, lore } from './lore';

interface Contributes {
  commands: { command: string; title: string; category?: string }[];
  menus: Record<string, { command: string; when?: string }[]>;
  keybindings: { command: string; key: string; when?: string }[];
}

suite('commands', () => {
  let contributes: Contributes;
  let registered: Set<string>;

  suiteSetup(async () => {
    await lore();
    contributes = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes as Contributes;
    registered = new Set(await vscode.commands.getCommands(true));
  });

  test('every lore.* command in contributes.commands is registered, in the Lore category', () => {
    const declared = contributes.commands.map((c) => c.command);
    assert.ok(declared.length >= 9, `only ${declared.length} commands declared`);
    for (const c of ['lore.askAboutSelection', 'lore.reindex', 'lore.newChat', 'lore.stop', 'lore.selectChatModel', 'lore.showIndexStatus', 'lore.showLog']) {
      assert.ok(declared.includes(c), `${c} is not in contributes.commands`);
    }
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
    const uncategorised = contributes.commands.filter((c) => c.category !== 'Lore').map((c) => c.command);
    assert.deepEqual(uncategorised, [], 'every command belongs to the Lore category');
  });

  test('no lore.* command is registered without being declared', () => {
    const declared = new Set(contributes.commands.map((c) => c.command));
    const undeclared = [...registered].filter((c) => c.startsWith('lore.') && !declared.has(c) && !c.startsWith('lore.chat'));
    assert.deepEqual(undeclared, []);
  });

  test('Ask About Selection is in the editor context menu and has a keybinding, both when text is selected', () => {
    const menu = contributes.menus['editor/context']?.find((m) => m.command === 'lore.askAboutSelection');
    assert.equal(menu?.when, 'editorHasSelection');
    const key = contributes.keybindings.find((k) => k.command === 'lore.askAboutSelection');
    assert.ok(key, 'no keybinding for lore.askAboutSelection');
    assert.equal(key.when, 'editorHasSelection');
  });
});
