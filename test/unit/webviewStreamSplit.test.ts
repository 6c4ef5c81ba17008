import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown } from '../../webview/markdown';
import { stableBoundary } from '../../webview/streamSplit';

test('cuts only at a blank line outside code fences, before an unindented line', () => {
  const s = 'para one\n\npara two\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\n- item\n\n  more of item\n';
  const b = stableBoundary(s);
  assert.equal(s.slice(b), '- item\n\n  more of item\n', 'not inside the list item continuation');
  const open = 'intro\n\n```\ncode\n\nstill code';
  assert.equal(open.slice(stableBoundary(open)), '```\ncode\n\nstill code', 'never inside an open fence');
  assert.equal(stableBoundary('no blank line yet'), 0);
  assert.equal(stableBoundary(s, b), b, 'monotonic from a previous boundary');
  const tilde = 'a\n\n~~~\n```\n\nx\n~~~\n\nz';
  assert.equal(tilde.slice(stableBoundary(tilde)), 'z', 'a ``` line does not close a ~~~ fence');
});

test('rendering prefix and tail separately gives the same HTML as rendering at once', () => {
  const env = { sourceLabel: (n: number) => (n === 1 ? 'a.ts:1-2' : undefined) };
  const doc = '# Title\n\nText [1] with `code`.\n\n```python\ndef f():\n\n    return 1\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n> quote\n\nEnd.';
  for (let len = 1; len <= doc.length; len += 7) {
    const src = doc.slice(0, len);
    const cut = stableBoundary(src);
    const split = renderMarkdown(src.slice(0, cut), env) + renderMarkdown(src.slice(cut), env);
    assert.equal(split, renderMarkdown(src, env), `at length ${len}, cut ${cut}`);
  }
});
