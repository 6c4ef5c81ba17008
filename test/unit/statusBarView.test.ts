import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkspaceStatus } from '../../src/indexer/workspaceIndex';
import { statusBarView } from '../../src/vscode/statusBarView';
import { english, type Translate } from '../../src/vscode/translate';

const ready: WorkspaceStatus = { state: 'ready', filesDone: 10, filesTotal: 10, chunks: 120 };
const damage = 'shard 3 failed its checksum (2 files)';

describe('statusBarView', () => {
  it('a healthy ready index: book icon, chunk count, no warning', () => {
    const v = statusBarView(ready, {}, english);
    assert.equal(v.text, '$(book) Lore 120');
    assert.match(v.tooltip, /ready: 120 chunks/);
    assert.equal(v.background, undefined);
  });

  it('damage found: a warning icon, the damage line in the tooltip, the warning color', () => {
    const v = statusBarView({ ...ready, damage }, {}, english);
    assert.equal(v.text, '$(book) Lore 120 $(warning)');
    assert.match(v.tooltip, /ready: 120 chunks/);
    assert.ok(v.tooltip.includes(`Damage found: ${damage} (re-indexing the files it cost).`), v.tooltip);
    assert.equal(v.background, 'warning');
  });

  it('damage while indexing and while Ollama is down: still said, one warning icon, errors keep their color', () => {
    const indexing = statusBarView({ state: 'indexing', filesDone: 3, filesTotal: 12, chunks: 40, damage }, { progress: { done: 3, total: 12, percent: 25 } }, english);
    assert.equal(indexing.text, '$(sync~spin) Lore 3/12 · 25% $(warning)');
    assert.ok(indexing.tooltip.includes(damage));
    const down = statusBarView({ ...ready, damage }, { ollamaDown: 'http://127.0.0.1:11434' }, english);
    assert.equal(down.text.match(/\$\(warning\)/g)?.length, 1, down.text);
    assert.match(down.tooltip, /not reachable at http:\/\/127\.0\.0\.1:11434.*Damage found/);
    const failed = statusBarView({ state: 'error', filesDone: 0, filesTotal: 0, chunks: 0, message: 'disk full', damage }, {}, english);
    assert.equal(failed.background, 'error');
    assert.ok(failed.tooltip.includes(damage));
  });

  it('the damage line goes through the translation', () => {
    const seen: string[] = [];
    const t: Translate = (m, ...a) => {
      seen.push(m);
      return english(m, ...a);
    };
    statusBarView({ ...ready, damage }, {}, t);
    assert.ok(seen.includes('Damage found: {0} (re-indexing the files it cost).'));
  });
});
