import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

interface MenuItem { command: string; when?: string; group?: string }

test('Re-index is in the chat view\'s ... menu, not a title-bar button next to New Chat', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } };
  const title = pkg.contributes.menus['view/title']!.filter((m) => m.when?.includes('lore.chat'));
  const inline = title.filter((m) => m.group?.startsWith('navigation')).map((m) => m.command);
  assert.ok(inline.includes('lore.newChat'), 'New Chat stays in the title bar');
  assert.ok(!inline.includes('lore.reindex'), 'Re-index (minutes on a real model) is one click from New Chat');
  assert.ok(title.some((m) => m.command === 'lore.reindex'), 'Re-index is still in the view\'s ... menu');
});
