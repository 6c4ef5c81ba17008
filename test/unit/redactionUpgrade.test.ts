import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { REDACTIONS_FILE } from '../../src/indexer/redactionCounts';

const TOKEN = 'ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';

describe('indexes built before in-text redaction', () => {
  it('are re-read once in full, so text stored unredacted is replaced; then counts exist', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lore-redaction-upgrade-'));
    try {
      const folder = join(root, 'ws');
      const indexDir = join(root, 'idx');
      await fs.mkdir(folder);
      const file = join(folder, 'deploy.ts');
      // Same length and mtime before and after: only a full re-read can see the token.
      const before = `export const token = '${'x'.repeat(TOKEN.length)}';\n`;
      await fs.writeFile(file, before);
      const when = new Date('2026-01-02T03:04:05Z'); // whole seconds: restored exactly below
      await fs.utimes(file, when, when);
      const open = () => FolderIndex.open({ folder, indexDir, model: 'm', embedder: null });
      let index = await open();
      await index.update();
      await index.close();
      await fs.writeFile(file, before.replace('x'.repeat(TOKEN.length), TOKEN));
      await fs.utimes(file, when, when);
      await fs.rm(join(indexDir, REDACTIONS_FILE)); // what an index of an older version looks like

      index = await open();
      try {
        const report = await index.update();
        assert.equal(report.redactions, 1);
        const texts: string[] = [];
        for await (const c of index.allChunks()) texts.push(c.text);
        assert.ok(texts.some((t) => t.includes('[secret: github-token]')), texts.join('\n'));
        assert.deepEqual(index.status().redactions, { secrets: 1, files: 1 });
        assert.equal((await index.update()).filesIndexed, 0, 'once only');
      } finally {
        await index.close();
      }
      assert.deepEqual(JSON.parse(await fs.readFile(join(indexDir, REDACTIONS_FILE), 'utf8')), { 'deploy.ts': 1 });
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
