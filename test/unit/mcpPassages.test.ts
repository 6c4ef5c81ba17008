import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSAGE_TEXT_MAX, renderPassage, renderSearch, toPassages, type FolderHit } from '../../src/mcp/passages';

function hit(path: string, text: string, extra: Partial<FolderHit> = {}): FolderHit {
  const lines = text.split('\n').length;
  return { id: path, path, folder: '/w', startLine: 10, endLine: 9 + lines, language: 'typescript', kind: 'code', score: 0.123456, text, ...extra };
}

test('passages keep rank order and stay within the budget; a cut passage says so and ends at a line end', () => {
  const line = 'const value = compute(input); // some code here\n';
  const big = line.repeat(400); // ~19k chars
  const hits = [hit('a.ts', big), hit('b.ts', big), hit('c.ts', 'small()'), hit('d.ts', big), hit('e.ts', 'small()')];
  const passages = toPassages(hits, 10_000);
  // The budget's remainder still shows the small third hit (a passage gets at least 200 characters), then stops.
  assert.deepEqual(passages.map((p) => p.path), ['a.ts', 'b.ts', 'c.ts', 'd.ts']);
  assert.equal(passages[0].text.length <= PASSAGE_TEXT_MAX, true);
  assert.ok(passages.reduce((n, p) => n + p.text.length, 0) <= 10_000 + 200);
  assert.ok(passages[3].text.length <= 200);
  assert.equal(passages[0].truncated, true);
  assert.ok(passages[0].text.endsWith('here'), 'cut at a line end');
  assert.match(renderPassage(passages[0], 1, false), /read_passage a\.ts 10-410/);
  assert.equal(passages[0].citation, 'a.ts:10-410');
  assert.equal(passages[0].score, 0.1235);
});

test('small hits are whole; page, cell and symbol show in the header; the fence outlasts backticks in the text', () => {
  const [p] = toPassages([hit('guide.pdf', 'Use ````code```` here', { page: 3, symbol: 'Setup', kind: 'doc', language: 'text' })]);
  assert.equal(p.truncated, undefined);
  const out = renderPassage(p, 2, true);
  assert.match(out, /^\[2\] guide\.pdf:10-10 \(Setup, page 3\) \[\/w\] score 0\.1235\n`````text\n/);
  assert.ok(out.endsWith('\n`````'));
  assert.match(renderSearch('q', [], ['Ollama down; these are keyword results only.'], false), /^No passages found for "q"\.\n\nNote: Ollama down/);
});
