// Document extraction: sample documents generated here (test/support/documents.ts), extracted in the
// worker thread, chunked with page / heading / cell metadata; broken and locked documents skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource, documentText, type ExtractedDocument } from '../../src/indexer/extract';
import { pageText } from '../../src/indexer/extract/pdf';
import { chunkDocument, chunkFile } from '../../src/indexer/chunking';
import { discover } from '../../src/indexer/discovery';
import { makeCorruptPdf, makeDocx, makeNotebook, makePdf } from '../support/documents';

const root = mkdtempSync(join(tmpdir(), 'lore-extract-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function read(name: string, bytes: Buffer | string, maxFileSize?: number) {
  writeFileSync(join(root, name), bytes);
  return readSource(join(root, name), name, { maxFileSize });
}

async function extracted(name: string, bytes: Buffer | string): Promise<ExtractedDocument> {
  const r = await read(name, bytes);
  assert.ok(r.ok, `${name}: ${r.ok ? '' : `${r.reason} ${r.detail ?? ''}`}`);
  assert.ok(r.document, `${name} was read as text, not extracted`);
  return r.document;
}

const filler = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `${topic} detail number ${i} keeps the page realistic.`);

test('a multi-page PDF gives one section per page and chunks that carry their page', async () => {
  const pdf = makePdf([
    ['Lore specification', 'Overview of the indexing service.', ...filler('overview', 6)],
    ['Retention', 'Shards are compacted every 17 minutes by the janitor.', '', ...filler('retention', 5)],
    ['Appendix', 'Glossary of terms.'],
  ]);
  const doc = await extracted('spec.pdf', pdf);
  assert.deepEqual(doc.sections.map((s) => s.page), [1, 2, 3]);
  assert.match(doc.sections[1].text, /compacted every 17 minutes/);
  // The empty line in the content stream is a paragraph gap: a blank line in the text.
  assert.match(doc.sections[1].text, /janitor\.\n\nretention detail number 0/);
  const chunks = chunkDocument('docs/spec.pdf', doc);
  const fact = chunks.find((c) => c.text.includes('17 minutes'));
  assert.ok(fact);
  assert.equal(fact.page, 2);
  assert.equal(fact.symbol, 'Page 2');
  assert.equal(fact.kind, 'doc');
  assert.equal(fact.language, 'pdf');
  // Chunks never span pages, and their lines are the lines of the extracted text.
  const { text } = documentText(doc);
  const lines = text.split('\n');
  for (const c of chunks) {
    assert.equal(c.text, lines.slice(c.startLine - 1, c.endLine).join('\n'));
    assert.ok(!/Retention/.test(c.text) || c.page === 2, `chunk on page ${c.page} holds page 2 text`);
  }
  assert.deepEqual([...new Set(chunks.map((c) => c.page))], [1, 2, 3]);
});

test('a corrupt PDF is skipped as extract-failed, a password-protected one as encrypted', async () => {
  const corrupt = await read('broken.pdf', makeCorruptPdf());
  assert.equal(corrupt.ok, false);
  assert.equal(!corrupt.ok && corrupt.reason, 'extract-failed');
  assert.match((!corrupt.ok && corrupt.detail) || '', /Invalid PDF|PDF/i);
  const locked = await read('locked.pdf', makePdf([['top secret']], { encrypt: true }));
  assert.equal(!locked.ok && locked.reason, 'encrypted');
  // A Word file wrapped in an OLE container (how Word stores password-protected documents).
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
  const lockedDocx = await read('locked.docx', ole);
  assert.equal(!lockedDocx.ok && lockedDocx.reason, 'encrypted');
  const notZip = await read('broken.docx', 'this is not a zip');
  assert.equal(!notZip.ok && notZip.reason, 'extract-failed');
});

test('the extracted-text limit applies to documents (lore.maxFileSizeKb), not their file size', async () => {
  const pdf = makePdf(Array.from({ length: 6 }, (_, p) => filler(`page${p}`, 20)));
  const small = await read('long.pdf', pdf, 2000);
  assert.equal(!small.ok && small.reason, 'too-large');
  const ok = await read('long.pdf', pdf, 1024 * 1024);
  assert.ok(ok.ok && ok.document?.sections.length === 6);
});

test('a DOCX keeps its headings as the breadcrumb', async () => {
  const docx = makeDocx([
    { heading: 1, text: 'Design' },
    { text: 'The design favours small files.' },
    { heading: 2, text: 'Storage' },
    { text: 'Vectors live in sharded files with checksums.' },
    { heading: 2, text: 'Retrieval' },
    { text: 'Hybrid search fuses vector and keyword ranks.' },
    { heading: 1, text: 'Operations' },
    { text: 'Backups run nightly.' },
  ]);
  const doc = await extracted('design.docx', docx);
  assert.deepEqual(doc.sections.map((s) => s.headings.join(' > ')), ['Design', 'Design > Storage', 'Design > Retrieval', 'Operations']);
  const chunks = chunkDocument('design.docx', doc, { minTokens: 0 });
  const storage = chunks.find((c) => c.text.includes('sharded files'));
  assert.equal(storage?.symbol, 'Design > Storage');
  assert.equal(storage?.language, 'docx');
});

test('an HTML page keeps main text and headings and drops scripts, styles and navigation', async () => {
  const html = `<!DOCTYPE html><html><head><title>Wiki</title><style>p{color:red}</style><script>var tracking = 1;</script></head>
<body><header>Site header</header><nav><a href="/">Home</a> <a href="/x">Menu item</a></nav>
<main><h1>Migration guide</h1><p>The wombat &amp; emu <b>migration</b> happens in spring.</p>
<h2>Checklist</h2><ul><li>Pack snacks</li><li>Charge lamps</li></ul><pre>run --now
  --fast</pre></main><footer>Copyright</footer></body></html>`;
  const doc = await extracted('guide.html', html);
  const all = doc.sections.map((s) => s.text).join('\n');
  assert.match(all, /The wombat & emu migration happens in spring\./);
  assert.match(all, /- Pack snacks\n- Charge lamps/);
  assert.match(all, /run --now\n {2}--fast/);
  for (const gone of ['tracking', 'color:red', 'Menu item', 'Site header', 'Copyright']) assert.ok(!all.includes(gone), gone);
  assert.deepEqual(doc.sections.map((s) => s.headings.join(' > ')), ['Migration guide', 'Migration guide > Checklist']);
  // A fragment (a component template) is not a page: it stays markup, read as text.
  const fragment = await read('card.html', '<div class="card">\n  <span>{{ title }}</span>\n</div>\n');
  assert.ok(fragment.ok && !fragment.document && fragment.text.includes('{{ title }}'));
});

test('a notebook gives markdown and code cells with their cell index, outputs left out', async () => {
  const nb = makeNotebook([
    { type: 'markdown', source: '# Penguins\nWe load the penguin census.' },
    { type: 'code', source: 'import pandas as pd\npenguins = pd.read_csv("census.csv")' },
    { type: 'markdown', source: '## Plots\nFlipper length against body mass.' },
    { type: 'code', source: 'penguins.plot.scatter("flipper", "mass")' },
  ]);
  const doc = await extracted('analysis.ipynb', nb);
  assert.deepEqual(doc.sections.map((s) => [s.cell, s.kind, s.language]), [[1, 'doc', 'markdown'], [2, 'code', 'python'], [3, 'doc', 'markdown'], [4, 'code', 'python']]);
  assert.ok(!doc.sections.some((s) => s.text.includes('OUTPUT-NOT-INDEXED')));
  const chunks = chunkDocument('analysis.ipynb', doc);
  const scatter = chunks.find((c) => c.text.includes('scatter'));
  assert.equal(scatter?.cell, 4);
  assert.equal(scatter?.kind, 'code');
  assert.equal(scatter?.symbol, 'Penguins > Plots > Cell 4');
  // Prose and code never share a chunk, so @docs / @code scoping stays exact.
  for (const c of chunks) assert.ok(c.kind === 'code' ? !c.text.includes('census.\n') : !c.text.includes('import pandas'));
  const bad = await read('bad.ipynb', '{"cells": ');
  assert.equal(!bad.ok && bad.reason, 'extract-failed');
});

test('reStructuredText and AsciiDoc sections carry heading breadcrumbs', async () => {
  const rst = ['=====', 'Guide', '=====', '', 'Intro text.', '', 'Install', '=======', '', 'Run the installer.', '', 'Linux', '-----', '', 'Use apt.', ''].join('\n');
  const rstChunks = await chunkFile('guide.rst', rst, { minTokens: 0 });
  assert.equal(rstChunks.find((c) => c.text.includes('Use apt'))?.symbol, 'Guide > Install > Linux');
  assert.equal(rstChunks.find((c) => c.text.includes('Run the installer'))?.symbol, 'Guide > Install');
  const adoc = ['= Manual', '', 'Preface.', '', '== Setup', '', 'Steps.', '', '----', '== not a heading', '----', '', '=== Windows', '', 'Use the MSI.'].join('\n');
  const adocChunks = await chunkFile('manual.adoc', adoc, { minTokens: 0 });
  assert.equal(adocChunks.find((c) => c.text.includes('MSI'))?.symbol, 'Manual > Setup > Windows');
  assert.equal(adocChunks.find((c) => c.text.includes('Steps.'))?.symbol, 'Manual > Setup');
});

test('discovery lets documents through (PDF, DOCX, notebooks) but still skips other binaries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lore-extract-disc-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), makePdf([['x']]));
    writeFileSync(join(dir, 'b.docx'), makeDocx([{ text: 'y' }]));
    writeFileSync(join(dir, 'c.ipynb'), makeNotebook([{ type: 'code', source: 'x = 1' }]));
    writeFileSync(join(dir, 'd.xls'), 'x');
    const { files, skipped } = await discover(dir);
    assert.deepEqual(files.map((f) => f.path), ['a.pdf', 'b.docx', 'c.ipynb']);
    assert.deepEqual(skipped.map((s) => [s.path, s.reason]), [['d.xls', 'binary']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PDF lines are rebuilt from item positions', () => {
  const item = (str: string, y: number, hasEOL = false) => ({ str, transform: [12, 0, 0, 12, 72, y], height: 12, hasEOL });
  assert.equal(pageText([item('Hello', 700), item(' world', 700), item('next', 686), item('far', 600)]), 'Hello world\nnext\n\nfar');
  assert.equal(pageText([item('a', 700, true), item('b', 700)]), 'a\nb');
});
