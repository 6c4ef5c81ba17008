import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileRole } from '../../src/indexer/query/fileRole';
import { queryIntent } from '../../src/indexer/query/intent';

test('fileRole: tests, docs, changelogs and examples by path conventions; the rest is source', () => {
  const cases: [string, 'code' | 'doc' | 'text', string][] = [
    ['pkg/core/basic.py', 'code', 'source'],
    ['pkg/core/tests/test_basic.py', 'code', 'test'],
    ['tests/unit/parser.test.ts', 'code', 'test'],
    ['src/parser.spec.js', 'code', 'test'],
    ['lib/widget_test.go', 'code', 'test'],
    ['conftest.py', 'code', 'test'],
    ['src/main/java/app/ParserTest.java', 'code', 'test'],
    ['src/latest.py', 'code', 'source'],
    ['src/contest/rules.py', 'code', 'source'],
    ['pkg/parsing/autolev/test-examples/ruletest5.py', 'code', 'test'],
    ['.github/ISSUE_TEMPLATE/bug_report.yaml', 'text', 'docs'],
    ['CHANGELOG.md', 'doc', 'changelog'],
    ['docs/changes/1234.bugfix.rst', 'doc', 'changelog'],
    ['src/changes.py', 'code', 'source'],
    ['doc/src/modules/printing.rst', 'doc', 'docs'],
    ['README.md', 'doc', 'docs'],
    ['doc/ext/docscrape.py', 'code', 'docs'],
    ['examples/advanced/fem.py', 'code', 'example'],
    ['config/settings.yaml', 'text', 'source'],
  ];
  for (const [path, kind, role] of cases) assert.equal(fileRole(path, kind), role, path);
});

test('queryIntent: reports with code, traces or error names are locate questions; short prose is not', () => {
  const report = 'Latex printer drops brackets\n```python\n>>> latex(Subs(x, y))\n```\nExpected parentheses.';
  assert.equal(queryIntent(report).locate, true);
  assert.equal(queryIntent('Traceback (most recent call last):\n  File "app/x.py", line 3, in run\nKeyError: 1').locate, true);
  assert.equal(queryIntent('Why does parse raise ValueError on empty input?').locate, true);
  const longProse = `Totals print NaN\nWhen I call compute_total() with an empty cart, apply_discount() and then format_price() print NaN instead of zero.\n${'It used to work before the upgrade. '.repeat(4)}`;
  assert.equal(queryIntent(longProse).locate, true);
  assert.equal(queryIntent(longProse.replace(/\n/g, ' ')).locate, false, 'one long line (a signature heading) is not a report');
  assert.equal(queryIntent('Constructs the InvalidArgumentError class').locate, false);
  assert.equal(queryIntent('KeyError: user_id').locate, true);
  assert.equal(queryIntent('How does the indexer decide which files to skip?').locate, false);
  assert.equal(queryIntent('Set the description of the command.').locate, false);
});

test('queryIntent: tests or docs count as the topic only on the first line', () => {
  assert.equal(queryIntent('Where are the tests for the tokenizer?').aboutTests, true);
  assert.equal(queryIntent('Which docs page explains the setup?').aboutDocs, true);
  const report = 'solve() returns wrong roots\n```\n>>> solve(x**2 - 1)\n```\nThe test in the docs passes though.';
  const intent = queryIntent(report);
  assert.equal(intent.locate, true);
  assert.equal(intent.aboutTests, false);
  assert.equal(intent.aboutDocs, false);
});
