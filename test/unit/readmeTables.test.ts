import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  BLOCKS,
  formatKey,
  localizeManifest,
  readBlock,
  renderBlock,
  renderCommands,
  renderSettings,
  replaceBlock,
  type Manifest,
} from '../../scripts/readmeTables';

const root = new URL('../../', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, root), 'utf8'));
const manifest = localizeManifest(readJson('package.json') as Manifest, readJson('package.nls.json') as Record<string, string>);
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe('README generated tables', () => {
  for (const name of BLOCKS) {
    it(`README.md's ${name} block matches package.json (run \`npm run docs:settings\` if this fails)`, () => {
      const block = readBlock(readme, name);
      assert.ok(block !== undefined, `README.md lacks <!-- ${name}:start --> ... <!-- ${name}:end -->`);
      assert.equal(block, renderBlock(name, manifest));
    });
  }

  it('documents every setting and every command of the manifest', () => {
    const settings = renderSettings(manifest);
    for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.ok(settings.includes(`| \`${key}\` |`), key);
    const commands = renderCommands(manifest);
    for (const c of manifest.contributes.commands) assert.ok(commands.includes(`| \`${c.command}\` |`), c.command);
  });
});

describe('renderSettings / renderCommands', () => {
  const m: Manifest = {
    contributes: {
      configuration: {
        properties: {
          'x.mode': { type: 'string', default: 'a', enum: ['a', 'b'], markdownDescription: 'Pick\na | b.' },
          'x.count': { type: 'number', default: 3, minimum: 1 },
          'x.hidden': { type: ['string', 'null'], default: null, description: 'Plain.', minimum: 0, maximum: 9 },
        },
      },
      commands: [{ command: 'x.go', title: 'Go', category: 'X' }, { command: 'x.stop', title: 'Stop' }],
      keybindings: [{ command: 'x.go', key: 'ctrl+shift+g', mac: 'cmd+shift+g' }],
      menus: { 'editor/context': [{ command: 'x.go' }], commandPalette: [{ command: 'x.stop' }] },
    },
  };

  it('writes one row per setting with its default, a one-line escaped description, enum and range notes', () => {
    const rows = renderSettings(m).split('\n').filter((l) => l.startsWith('| `'));
    assert.deepEqual(rows, [
      '| `x.mode` | `"a"` | Pick a \\| b. One of `"a"`, `"b"`. |',
      '| `x.count` | `3` | Minimum 1. |',
      '| `x.hidden` | `null` | Plain. Range 0–9. |',
    ]);
  });

  it('shows keybindings (with the macOS variant) and menus, but not the command palette', () => {
    const rows = renderCommands(m).split('\n').filter((l) => l.includes('`x.'));
    assert.deepEqual(rows, [
      '| X: Go | `x.go` | `Ctrl+Shift+G` (macOS `Cmd+Shift+G`) | editor context menu |',
      '| Stop | `x.stop` |  |  |',
    ]);
    assert.equal(formatKey('cmd+alt+l'), 'Cmd+Alt+L');
  });
});

describe('localizeManifest', () => {
  it('replaces whole-string %key% values at any depth and refuses unknown keys', () => {
    const m = { a: '%x.title%', b: ['%y%', 'plain 100%'], c: { d: '%x.title%', n: 3 } };
    assert.deepEqual(localizeManifest(m, { 'x.title': 'X', y: 'Y' }), { a: 'X', b: ['Y', 'plain 100%'], c: { d: 'X', n: 3 } });
    assert.throws(() => localizeManifest({ a: '%nope%' }, {}), /no "nope"/);
  });
});

describe('replaceBlock / readBlock', () => {
  it('replaces only the text between the markers and reads it back', () => {
    const text = 'intro\n<!-- settings:start -->\nold\n<!-- settings:end -->\noutro\n';
    const out = replaceBlock(text, 'settings', 'new table');
    assert.equal(out, 'intro\n<!-- settings:start -->\nnew table\n<!-- settings:end -->\noutro\n');
    assert.equal(readBlock(out, 'settings'), 'new table');
    assert.equal(replaceBlock(out, 'settings', 'new table'), out, 'idempotent');
  });

  it('refuses to write when the markers are missing', () => {
    assert.throws(() => replaceBlock('no markers here', 'commands', 'x'), /no <!-- commands:start -->/);
    assert.equal(readBlock('<!-- commands:start --> but no end', 'commands'), undefined);
  });
});
