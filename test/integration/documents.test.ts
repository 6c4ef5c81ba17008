// Documents in the real extension host: a PDF in a knowledge folder outside the workspace is extracted
// (in the extraction worker next to dist/extension.js), indexed and watched; asking about a fact that
// exists only in that PDF returns an answer citing the PDF's page; the citation opens; `@docs` scopes
// the chat; removing the knowledge folder drops its index.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { makeNotebook, makePdf } from '../support/documents';
import { lore, needSim, readyIndex, setSetting, waitFor, type LoreTestApi } from './lore';

const FACT = 'The janitor compacts the quokka shards every seventeen minutes.';

suite('documents', () => {
  let api: LoreTestApi;
  let dir: string;

  suiteSetup(async function () {
    if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') return;
    api = await lore();
    await readyIndex(api);
    dir = mkdtempSync(join(tmpdir(), 'lore-knowledge-'));
    const filler = (topic: string) => Array.from({ length: 6 }, (_, i) => `General ${topic} remark ${i} about operations.`);
    writeFileSync(join(dir, 'operations.pdf'), makePdf([['Operations handbook', ...filler('intro')], ['Maintenance', FACT, '', ...filler('maintenance')], ['Appendix', ...filler('appendix')]]));
    await setSetting('knowledgeFolders', [dir]);
  });

  suiteTeardown(async () => {
    if (!dir) return;
    await setSetting('knowledgeFolders', undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  async function knowledgeIndexed(minFiles: number) {
    const svc = await api.services();
    return waitFor(`the knowledge folder to be indexed with vectors (${minFiles} file(s))`, () => {
      const s = svc.index.folderIndex(dir)?.status();
      return s && s.files >= minFiles && s.chunks > 0 && s.withVectors === s.chunks && svc.index.status().state === 'ready' ? s : undefined;
    }, 60_000, () => svc.index.folderIndex(dir)?.status());
  }

  test('a knowledge folder outside the workspace is indexed, PDF included', async function () {
    needSim(this);
    const s = await knowledgeIndexed(1);
    assert.equal(s.files, 1);
    const svc = await api.services();
    assert.ok(svc.index.folders().some((f) => f.path === dir), 'knowledge folder not among the index folders');
  });

  test('asking about a fact only in the PDF cites the PDF and its page', async function () {
    needSim(this);
    await knowledgeIndexed(1);
    await api.chat.ask('How often does the janitor compact the quokka shards?');
    const turn = api.chat.snapshots().at(-1)!;
    assert.equal(turn.state, 'done', JSON.stringify(turn.error));
    const cited = turn.sources.filter((s) => turn.cited.includes(s.n));
    const pdf = cited.find((s) => s.path === 'operations.pdf');
    assert.ok(pdf, `the PDF is not cited; cited: ${JSON.stringify(cited)}; answer: ${turn.answer}`);
    assert.equal(pdf.page, 2, `cited page ${pdf.page}`);
    assert.equal(pdf.kind, 'doc');
    assert.ok(turn.answer.includes('quokka shards every seventeen minutes'), `the answer does not quote the PDF: ${turn.answer}`);
    // The citation opens through the chat (the open-source check allows configured knowledge folders).
    await api.chat.handle({ type: 'openSource', turnId: turn.turnId, n: pdf.n });
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const uriOf = (t: vscode.Tab) => (t.input && typeof t.input === 'object' && 'uri' in t.input ? (t.input as { uri: vscode.Uri }).uri.fsPath : undefined);
    assert.ok(tabs.some((t) => uriOf(t) === join(dir, 'operations.pdf')), `operations.pdf has no tab; tabs: ${tabs.map((t) => `${t.label} ${uriOf(t) ?? ''}`).join(', ')}`);
  });

  test('@docs keeps code out of the sources; a new notebook in the knowledge folder is picked up by its watcher', async function () {
    needSim(this);
    await api.chat.ask('@docs how does the janitor work?');
    const docsTurn = api.chat.snapshots().at(-1)!;
    assert.equal(docsTurn.state, 'done', JSON.stringify(docsTurn.error));
    assert.ok(docsTurn.sources.length > 0);
    assert.ok(docsTurn.sources.every((s) => s.kind !== 'code'), JSON.stringify(docsTurn.sources.map((s) => [s.path, s.kind])));
    writeFileSync(join(dir, 'census.ipynb'), makeNotebook([{ type: 'markdown', source: '# Census\nCounting wallabies.' }, { type: 'code', source: 'wallabies = load_census("wallaby.csv")' }]));
    await knowledgeIndexed(2);
    const svc = await api.services();
    const hit = (await svc.index.search({ query: 'load the wallaby census', k: 3, mode: 'keyword' })).hits.find((h) => h.path === 'census.ipynb');
    assert.ok(hit, 'notebook not searchable');
    assert.equal(hit.cell, 2);
  });

  test('removing the knowledge folder drops it from the index', async function () {
    needSim(this);
    await setSetting('knowledgeFolders', []);
    const svc = await api.services();
    await waitFor('the knowledge folder to leave the index', () => !svc.index.folders().some((f) => f.path === dir), 20_000, () => svc.index.folders());
    const hits = (await svc.index.search({ query: 'quokka shards janitor', k: 5, mode: 'keyword' })).hits;
    assert.ok(!hits.some((h) => h.path === 'operations.pdf'), 'PDF still searchable after removal');
  });
});
