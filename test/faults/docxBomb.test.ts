/**
 * Resource limits in document extraction (issue 16, item 5): a DOCX of a few hundred KB whose XML
 * inflates to 70 MB of empty paragraphs (175 MB in bench/docxBomb.ts) drove the extraction worker
 * to gigabytes for the whole 120 s extraction timeout. `lore index` must skip it as too-large within seconds and index the
 * ordinary DOCX beside it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { makeDocx } from '../support/documents';
import { makeDocxBomb } from '../support/docxBomb';
import { assertCliBuilt, runCli, tempDir } from './lib/proc';

describe('a DOCX bomb is skipped as too-large in seconds', () => {
  let root: string;
  let ws: string;

  before(async () => {
    assertCliBuilt();
    root = await tempDir('docx-bomb');
    ws = join(root, 'ws');
    await fs.mkdir(ws, { recursive: true });
    await fs.writeFile(join(ws, 'bomb.docx'), makeDocxBomb(2_000_000));
    await fs.writeFile(join(ws, 'handbook.docx'), makeDocx([{ heading: 1, text: 'Handbook' }, { text: 'Expenses are filed within thirty days.' }]));
  });
  after(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('lore index (keyword-only) skips the bomb as too-large and indexes the other document', { timeout: 60_000 }, async () => {
    const t0 = performance.now();
    // Port 9 (discard) refuses at once: keyword-only, so only extraction takes time.
    const run = await runCli(['index', ws, '--index-dir', join(root, 'idx'), '--ollama', 'http://127.0.0.1:9', '--json'], { timeoutMs: 50_000 });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { filesIndexed: number; skipped: Record<string, number> };
    assert.equal(report.skipped['too-large'], 1, JSON.stringify(report.skipped));
    assert.equal(report.filesIndexed, 1);
    assert.ok(seconds < 15, `took ${seconds.toFixed(1)} s`);
    console.log(`DOCX bomb skipped as too-large; lore index took ${seconds.toFixed(1)} s`);
  });
});
