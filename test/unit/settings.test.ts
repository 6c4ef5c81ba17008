import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, impactOf, readSettings, type LoreSettings } from '../../src/settings';

test('every setting in package.json has a default here and the same default there', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;
  const declared = Object.keys(props).map((k) => k.replace(/^lore\./, '')).sort();
  assert.deepEqual(declared, Object.keys(DEFAULTS).sort());
  for (const [key, p] of Object.entries(props)) {
    assert.deepEqual(p.default, DEFAULTS[key.replace(/^lore\./, '') as keyof LoreSettings], key);
    assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${key} has a description`);
  }
});

test('ill-typed or out-of-range values fall back to defaults or are clamped', () => {
  const raw: Record<string, unknown> = { chatModel: 42, include: ['src/**', 7], sourcesCount: 500, contextBudgetTokens: -1, sourcesShown: 'some', queryPrefix: null };
  const s = readSettings(((k: string) => raw[k]) as never);
  assert.equal(s.chatModel, DEFAULTS.chatModel);
  assert.deepEqual(s.include, []);
  assert.equal(s.sourcesCount, 50);
  assert.equal(s.contextBudgetTokens, 512);
  assert.equal(s.sourcesShown, 'all');
  assert.equal(s.queryPrefix, null);
});

test('the embedding model or host re-indexes; include globs rescan; the chat model does neither', () => {
  const only = (...keys: string[]) => (k: string) => keys.includes(k);
  assert.equal(impactOf(only('embeddingModel')), 'reindex');
  assert.equal(impactOf(only('ollamaHost')), 'reindex');
  assert.equal(impactOf(only('include')), 'rescan');
  assert.equal(impactOf(only('chatModel')), 'none');
  assert.equal(impactOf(only('sourcesCount', 'contextBudgetTokens')), 'none');
});
