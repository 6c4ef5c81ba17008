// The zh-CN interface is complete: manifest strings (package.nls*.json), runtime messages (l10n bundle,
// keys = the literals passed to vscode.l10n.t / t in src/extension.ts and src/vscode/) and the chat panel's
// table (webview/i18n.ts). A key missing from either language, or a translation that lost a `{n}`
// placeholder, fails here.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { extensionSources, scanL10n } from '../support/l10nKeys';
import { panelLanguage, setPanelLanguage, STRINGS, t } from '../../webview/i18n';
import { english } from '../../src/vscode/translate';

const repo = resolve(import.meta.dirname, '../..');
const readJson = <T>(name: string): T => JSON.parse(readFileSync(join(repo, name), 'utf8')) as T;
const placeholders = (s: string): string[] => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();

/** Every `%key%` string value anywhere in the manifest. */
function manifestKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const key = /^%([\w.-]+)%$/.exec(value)?.[1];
    if (key) out.add(key);
  } else if (Array.isArray(value)) value.forEach((v) => manifestKeys(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => manifestKeys(v, out));
  return out;
}

function assertSameKeys(a: Record<string, string>, b: Record<string, string>, what: string): void {
  const missingInB = Object.keys(a).filter((k) => !(k in b));
  const missingInA = Object.keys(b).filter((k) => !(k in a));
  assert.deepEqual(missingInB, [], `${what}: keys missing from the translation`);
  assert.deepEqual(missingInA, [], `${what}: keys only in the translation`);
  for (const [k, v] of Object.entries(b)) {
    assert.ok(v.trim(), `${what}: "${k}" is empty`);
    assert.deepEqual(placeholders(v), placeholders(a[k]!), `${what}: "${k}" placeholders differ`);
  }
}

describe('package.nls (manifest strings)', () => {
  const en = readJson<Record<string, string>>('package.nls.json');
  const zh = readJson<Record<string, string>>('package.nls.zh-cn.json');

  it('English and Chinese have the same keys, none empty, and Chinese is really translated', () => {
    assertSameKeys(en, zh, 'package.nls.zh-cn.json');
    const untranslated = Object.keys(en).filter((k) => en[k] === zh[k] && /[a-z]{3}/.test(en[k]!) && k !== 'configuration.title');
    assert.deepEqual(untranslated, [], 'identical to English');
  });

  it('every %key% in package.json is defined, and every defined key is used', () => {
    const used = manifestKeys(readJson('package.json'));
    assert.ok(used.size >= 40, `only ${used.size} localized manifest strings`);
    assert.deepEqual([...used].filter((k) => !(k in en)), [], 'used in package.json but not in package.nls.json');
    assert.deepEqual(Object.keys(en).filter((k) => !used.has(k)), [], 'in package.nls.json but unused');
  });

  it('command titles, view names, settings and walkthrough go through keys (no English literal left)', () => {
    const pkg = readJson<{ contributes: Record<string, unknown> }>('package.json');
    const c = pkg.contributes as {
      commands: { title: string }[];
      views: Record<string, { name: string }[]>;
      configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
      walkthroughs: { title: string; steps: { title: string; description: string }[] }[];
    };
    const literals = [
      ...c.commands.map((x) => x.title),
      ...Object.values(c.views).flat().map((v) => v.name),
      ...Object.values(c.configuration.properties).map((p) => p.markdownDescription ?? p.description ?? '%none%'),
      ...c.walkthroughs.flatMap((w) => [w.title, ...w.steps.flatMap((s) => [s.title, s.description])]),
    ].filter((s) => !/^%[\w.-]+%$/.test(s));
    assert.deepEqual(literals, []);
  });
});

describe('walkthrough media', () => {
  it('every step\'s Markdown has a zh-cn variant (VS Code reads <name>.nls.<locale>.md first)', () => {
    const pkg = readJson<{ contributes: { walkthroughs: { steps: { media: { markdown?: string } }[] }[] } }>('package.json');
    const media = pkg.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown)).filter((m): m is string => Boolean(m));
    assert.ok(media.length >= 4);
    for (const m of media) {
      const zh = readFileSync(join(repo, m.replace(/\.md$/, '.nls.zh-cn.md')), 'utf8');
      assert.ok(/\p{Script=Han}/u.test(zh), `${m}: zh-cn variant has no Chinese`);
    }
  });
});

describe('l10n bundle (runtime messages)', () => {
  const bundle = readJson<Record<string, string>>('l10n/bundle.l10n.zh-cn.json');
  const scan = scanL10n(extensionSources(repo));

  it('finds the extension\'s messages, and every call passes a literal', () => {
    assert.ok(scan.keys.size >= 40, `only ${scan.keys.size} messages found`);
    assert.ok(scan.keys.has('Lore: re-index complete: {0} files re-indexed, {1} chunks ({2} embedded now, {3} reused from the cache).'));
    assert.deepEqual(scan.dynamic, [], 'vscode.l10n.t / t called with a non-literal message');
  });

  it('the zh-cn bundle translates every message and holds no stale key, placeholders kept', () => {
    const source = Object.fromEntries([...scan.keys].map((k) => [k, k]));
    assertSameKeys(source, bundle, 'l10n/bundle.l10n.zh-cn.json');
  });

  it('the scanner sees vscode.l10n.t and t literals, and flags dynamic messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lore-l10n-'));
    try {
      const file = join(dir, 'x.ts');
      writeFileSync(file, "vscode.l10n.t('A {0}', 1);\nt(`B`);\nconst m = 'C';\nvscode.l10n.t(m);\nsplit('no');\nx.t('D');\n");
      const r = scanL10n([file]);
      assert.deepEqual([...r.keys].sort(), ['A {0}', 'B']);
      assert.deepEqual(r.dynamic, [`${file}:4`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('english fills placeholders like vscode.l10n.t does without a bundle', () => {
    assert.equal(english('{0} and {1}, {0}', 'a', 2), 'a and 2, a');
    assert.equal(english('keep {3}', 'x'), 'keep {3}');
  });
});

describe('chat panel strings (webview/i18n.ts)', () => {
  it('English and Chinese tables have the same keys and placeholders', () => {
    assertSameKeys(STRINGS.en, STRINGS['zh-cn'], 'webview zh-cn table');
    assert.ok(Object.keys(STRINGS.en).length >= 40);
  });

  it('picks Simplified Chinese for zh/zh-cn/zh-hans/zh-sg and English for anything else', () => {
    for (const lang of ['zh-cn', 'zh-CN', 'zh', 'zh-hans', 'zh-Hans-CN', 'zh-sg']) assert.equal(panelLanguage(lang), 'zh-cn', lang);
    for (const lang of ['en', 'en-us', 'de', 'zh-tw', 'zh-hant', 'ja', '', undefined]) assert.equal(panelLanguage(lang), 'en', String(lang));
  });

  it('t() follows the language and fills placeholders', () => {
    try {
      setPanelLanguage('zh-cn');
      assert.equal(t('sourcesCount', 3), '来源（3）');
      assert.equal(t('send'), '发送');
      setPanelLanguage('en');
      assert.equal(t('sourcesCount', 3), 'Sources (3)');
    } finally {
      setPanelLanguage(undefined);
    }
  });
});
