import assert from 'node:assert/strict';
import { test } from 'node:test';
import { citedNumbers, parseMarker, splitCitations } from '../../webview/citations';
import { isAllowedLink, isWebUrl, linkScheme } from '../../webview/linkSafety';
import { renderMarkdown } from '../../webview/markdown';

const known = (max: number) => (n: number) => n >= 1 && n <= max;
const env = (max: number) => ({ sourceLabel: (n: number) => (n >= 1 && n <= max ? `src/f${n}.ts:1-9` : undefined) });

test('link check refuses every scheme but http(s), including obfuscated ones', () => {
  for (const bad of [
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:x',
    'jav\u0000ascript:x', '\u200bjavascript:x', 'data:text/html,<script>x</script>', 'vbscript:x', 'vscode://file/etc/passwd',
    'command:workbench.action.terminal.new', 'file:///etc/passwd', 'javascript%3Aalert(1)', 'https:\\\\evil.com',
  ]) assert.equal(isAllowedLink(bad), false, JSON.stringify(bad));
  for (const ok of ['https://example.com/a?b#c', 'http://localhost:11434', 'src/a.ts', '#heading', './docs/x.md']) {
    assert.equal(isAllowedLink(ok), true, ok);
  }
  assert.equal(isWebUrl('https://example.com'), true);
  assert.equal(isWebUrl('src/a.ts'), false);
  assert.equal(linkScheme('Java\tScript:x'), 'javascript');
});

test('citation markers: lists, ranges, adjacency, unknown numbers and indexing stay text', () => {
  assert.deepEqual(parseMarker('1, 3-5'), [1, 3, 4, 5]);
  assert.equal(parseMarker('0'), undefined);
  assert.equal(parseMarker('5-2'), undefined);
  assert.deepEqual(splitCitations('a [1][2] b [1, 3].', known(3)),
    [{ text: 'a ' }, { cite: 1 }, { cite: 2 }, { text: ' b ' }, { cite: 1 }, { cite: 3 }, { text: '.' }]);
  assert.deepEqual(splitCitations('see [4] and [2024]', known(3)), [{ text: 'see [4] and [2024]' }]);
  assert.deepEqual(splitCitations('f(x)[1] vs Indexer[1]', known(3)), [{ text: 'f(x)[1] vs Indexer' }, { cite: 1 }]);
  assert.deepEqual(citedNumbers('x [2] y [1] z [2]', known(3)), [2, 1]);
});

test('hostile Markdown renders as inert text', () => {
  const src = [
    '<img src=x onerror="alert(1)"> <script>alert(1)</script>',
    '[a](javascript:alert(1)) [b](data:text/html,x) [c](&#106;avascript:alert(1)) [d](vscode://x) [e](command:x)',
    '![i](javascript:alert(1)) ![r](https://example.com/t.png) <javascript:alert(1)> <command:x>',
    '<a href="javascript:alert(1)">x</a> [ok](https://example.com/d)',
  ].join('\n\n');
  const html = renderMarkdown(src, env(0));
  assert.doesNotMatch(html, /<(img|script|a|iframe)\b/i);
  // Inside real tags (escaped text may say `onerror=`; it is inert there).
  assert.doesNotMatch(html, /<[a-z][^>]*\s(on\w+|href|src|style)=/i);
  assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  // The only link-like element is the http(s) one, as a non-navigating span.
  assert.deepEqual([...html.matchAll(/class="lore-link" title="([^"]*)"/g)].map((m) => m[1]),
    ['https://example.com/t.png', 'https://example.com/d']);
});

test('citations become chips only for known sources, never inside code', () => {
  const html = renderMarkdown('Atomic [2] writes [1, 9]. `arr[1]`\n\n```ts\nx[2]\n```', env(3));
  assert.equal([...html.matchAll(/<button type="button" class="lore-cite" data-cite="(\d+)"/g)].length, 1);
  assert.match(html, /data-cite="2" title="src\/f2\.ts:1-9" aria-label="Source 2: src\/f2\.ts:1-9">2<\/button>/);
  assert.match(html, /\[1, 9\]/);
  assert.match(html, /<code>arr\[1\]<\/code>/);
  assert.doesNotMatch(html.slice(html.indexOf('<pre')), /lore-cite/);
});

test('code is highlighted and table alignment uses classes, not style attributes', () => {
  const html = renderMarkdown('```typescript\nconst a = 1;\n```\n\n| a | b |\n| :-: | --: |\n| 1 | 2 |', env(0));
  assert.match(html, /<span class="hljs-keyword">const<\/span>/);
  assert.match(html, /<th class="align-center">a<\/th>/);
  assert.match(html, /<td class="align-right">2<\/td>/);
  assert.doesNotMatch(html, /style=/);
});

test('punctuation right after a citation chip is kept with it in a no-wrap group', () => {
  const html = renderMarkdown('It locks the account [1]. See also [2], and [1] here.', env(2));
  assert.match(html, /<span class="lore-cite-group"><button [^>]*data-cite="1"[^>]*>1<\/button>\.<\/span> See also /);
  assert.match(html, /<span class="lore-cite-group"><button [^>]*data-cite="2"[^>]*>2<\/button>,<\/span> and /);
  // A chip followed by a space needs no group.
  assert.match(html, /and <button [^>]*data-cite="1"[^>]*>1<\/button> here\./);
  // Punctuation that is text (no chip before it) is untouched, and nothing is lost.
  assert.equal(renderMarkdown('A [9]. B', env(2)), '<p>A [9]. B</p>\n');
});
