import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chunkFile, estimateTokens } from '../../src/indexer/chunking';
import type { Chunk } from '../../src/indexer/types';
import { assertCoverage } from './chunkInvariant';

const FIXTURES = join(__dirname, '..', 'fixtures', 'polyglot');

async function chunks(path: string, text: string, opts?: { maxTokens?: number; minTokens?: number }): Promise<Chunk[]> {
  const out = await chunkFile(path, text, opts);
  assertCoverage(path, text, out);
  return out;
}

const summary = (cs: Chunk[]) => cs.map((c) => [c.startLine, c.endLine, c.symbol]);

/** Opening and closing lines of each fenced block. */
function fences(text: string): [number, number][] {
  const out: [number, number][] = [];
  let open = 0;
  text.split('\n').forEach((l, i) => {
    if (!/^(```|~~~)/.test(l)) return;
    if (open) { out.push([open, i + 1]); open = 0; } else open = i + 1;
  });
  return out;
}

describe('Markdown chunks', () => {
  const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');

  it('gives each section its heading breadcrumb', async () => {
    const cs = await chunks('README.md', readme, { maxTokens: 30, minTokens: 0 });
    assert.deepEqual(summary(cs), [
      [1, 3, 'Polyglot'],
      [5, 7, 'Polyglot > Install'],
      [9, 15, 'Polyglot > Install > Linux'],
      [17, 21, 'Polyglot > Install > macOS'],
      [23, 25, 'Polyglot > Usage (part 1/3)'],
      [27, 32, 'Polyglot > Usage (part 2/3)'],
      [34, 34, 'Polyglot > Usage (part 3/3)'],
      [36, 38, 'Polyglot > License'],
    ]);
    for (const c of cs) assert.equal(c.kind, 'doc');
    assert.equal(cs[0].language, 'markdown');
  });

  it('merges small sibling sections under their common heading', async () => {
    const cs = await chunks('README.md', readme, { maxTokens: 60, minTokens: 20 });
    assert.deepEqual(summary(cs)[1], [5, 21, 'Polyglot > Install > Linux, macOS']);
  });

  it('does not split a fenced block that fits, even with blank lines inside', async () => {
    const code = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? '' : `echo step ${i}`)).join('\n');
    const prose = 'Some words about the steps that follow and why they matter.';
    const text = `# Guide\n\n${prose}\n\n${prose}\n\n\`\`\`sh\n${code}\n\`\`\`\n\n${prose}\n\n~~~\n# not a heading\n\n${code}\n~~~\n\n${prose}\n`;
    for (const maxTokens of [60, 80, 120]) {
      const cs = await chunks('guide.md', text, { maxTokens, minTokens: 0 });
      assert.ok(cs.length >= 2, `maxTokens ${maxTokens}: ${cs.length} chunks`);
      for (const [open, close] of fences(text)) {
        const owner = cs.find((c) => c.startLine <= open && open <= c.endLine);
        assert.ok(owner && owner.endLine >= close, `maxTokens ${maxTokens}: fence ${open}-${close} cut in ${JSON.stringify(summary(cs))}`);
      }
      assert.ok(cs.every((c) => !c.symbol?.includes('not a heading')));
      for (const c of cs) assert.ok(estimateTokens(c.text) <= maxTokens);
    }
  });

  it('splits a fenced block only when it alone exceeds the budget', async () => {
    const big = Array.from({ length: 200 }, (_, i) => `const value${i} = compute(${i});`).join('\n');
    const text = `# Big\n\n\`\`\`ts\n${big}\n\`\`\`\n`;
    const cs = await chunks('big.md', text, { maxTokens: 200 });
    assert.ok(cs.length > 3);
    for (const c of cs) assert.ok(estimateTokens(c.text) <= 200);
    assert.match(cs[1].symbol ?? '', /^Big \(part 2\/\d+\)$/);
  });

  it('understands setext headings and keeps front matter in the preamble', async () => {
    const text = '---\ntitle: Notes\n# not a heading\n---\n\nIntro.\n\nSetup\n=====\n\nRun it.\n\nDetails\n-------\n\nMore.\n\n- item\n---\n\nAfter the rule.\n';
    const cs = await chunks('notes.md', text, { minTokens: 0 });
    assert.deepEqual(summary(cs), [[1, 6, undefined], [8, 11, 'Setup'], [13, 21, 'Setup > Details']]);
  });
});

describe('text chunks', () => {
  const paragraph = (n: number) => Array.from({ length: n }, (_, i) => `Sentence number ${i} of this paragraph.`).join('\n');

  it('packs paragraphs up to the budget and never across it', async () => {
    const text = [paragraph(3), paragraph(3), paragraph(3), paragraph(3)].join('\n\n');
    const cs = await chunks('notes.txt', text, { maxTokens: 90 });
    assert.deepEqual(summary(cs), [[1, 7, undefined], [9, 15, undefined]]);
    assert.equal(cs[0].kind, 'doc');
    assert.equal(cs[0].language, 'text');
  });

  it('windows a paragraph longer than the budget', async () => {
    const text = paragraph(100);
    const cs = await chunks('config.yaml', text, { maxTokens: 100 });
    assert.ok(cs.length >= 10);
    for (const c of cs) assert.ok(estimateTokens(c.text) <= 100);
    assert.equal(cs[0].kind, 'text');
    assert.equal(cs[0].language, 'yaml');
  });

  it('chunks the fixture notes as one small chunk by default', async () => {
    const text = readFileSync(join(FIXTURES, 'NOTES.txt'), 'utf8');
    assert.deepEqual(summary(await chunks('NOTES.txt', text)), [[1, 6, undefined]]);
  });
});
