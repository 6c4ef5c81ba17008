// Bug reports with stack traces, end to end: frame parsing, the innermost workspace frame, the
// report's title, through a real FolderIndex over real files (keyword mode: Ollama down).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeQuery } from '../../src/indexer/keyword';
import { FolderIndex } from '../../src/indexer/folderIndex';
import { parseFrameLine } from '../../src/indexer/query/stackFrames';
import { innermostFrameFile } from '../../src/indexer/search/boosts';
import { withTitleSupport } from '../../src/indexer/search/fileEvidence';

test('parseFrameLine: Python, IPython (both styles), pytest, JavaScript and Java frames', () => {
  const cases: [string, string, number | undefined, string | undefined, boolean][] = [
    ['  File "/home/u/app/pkg/units.py", line 179, in _collect', '/home/u/app/pkg/units.py', 179, '_collect', false],
    ['  File "C:\\Python310\\lib\\site-packages\\pkg\\units.py", line 3, in f', 'pkg/units.py', 3, 'f', false],
    ['File ~/code/pkg/_core/plot.py:822, in Plot._plot(self, pyplot)', '~/code/pkg/_core/plot.py', 822, '_plot', false],
    ['~/venv/lib/python3.6/site-packages/pkg/vector/point.py in vel(self, frame)', 'pkg/vector/point.py', undefined, 'vel', false],
    ['pkg/core/expr.py:124: in __eq__', 'pkg/core/expr.py', 124, '__eq__', false],
    ['    at PendingWrites.flush (/home/dev/src/pendingWrites.ts:45:61)', '/home/dev/src/pendingWrites.ts', 45, 'flush', false],
    ['    at /home/dev/node_modules/lib/index.js:10:3', 'lib/index.js', 10, undefined, false],
    ['\tat com.acme.UserService.validate(UserService.java:33)', 'UserService.java', 33, 'validate', false],
    ['\tat java.util.ArrayList.get(ArrayList.java:427)', 'ArrayList.java', 427, 'get', true],
    ['  File "<stdin>", line 1, in <module>', '<stdin>', 1, undefined, true],
    ['  File "/usr/lib/python3.11/json/decoder.py", line 3, in decode', '/usr/lib/python3.11/json/decoder.py', 3, 'decode', true],
    ['  File "/usr/lib/python3/dist-packages/pkg/io/ui.py", line 856, in write', 'pkg/io/ui.py', 856, 'write', false],
  ];
  for (const [line, path, lineNo, func, runtime] of cases) {
    const f = parseFrameLine(line);
    assert.ok(f, line);
    assert.deepEqual([f.path, f.line, f.func, f.runtime], [path, lineNo, func, runtime], line);
  }
  for (const prose of ['See line 3 of the docs.', 'at the moment it fails', 'The file "a.py" is fine']) assert.equal(parseFrameLine(prose), undefined, prose);
});

test('analyzeQuery: frames innermost first across formats; interpreter banners leave no words', () => {
  const report = [
    'Python 3.6.4 |Anaconda custom (64-bit)| (default, Dec 21 2017, 15:39:08)',
    'Type "copyright", "credits" or "license" for more information.',
    '>>> convert(q)',
    'Traceback (most recent call last):',
    '  File "<stdin>", line 1, in <module>',
    '  File "/venv/lib/python3.9/site-packages/pkg/api.py", line 10, in convert',
    '    return to_si(q)',
    '  File "/venv/lib/python3.9/site-packages/pkg/units.py", line 20, in to_si',
    "ValueError: unit is not dimensionless, it doesn't convert",
  ].join('\n');
  const a = analyzeQuery(report);
  assert.deepEqual(
    a.frames.map((f) => [f.path, f.func]),
    [
      ['pkg/units.py', 'to_si'],
      ['pkg/api.py', 'convert'],
    ],
  );
  const terms = a.keywordQuery.toLowerCase().split(/\s+/);
  for (const noise of ['copyright', 'credits', 'license', 'anaconda', 'doesn']) assert.ok(!terms.includes(noise), `kept ${noise}`);
  for (const kept of ['convert', 'to_si', 'valueerror', 'dimensionless']) assert.ok(terms.includes(kept), `lost ${kept}`);
});

test('innermostFrameFile: the innermost frame among the candidates, skipping tests and files outside them', () => {
  const frames = analyzeQuery(
    ['Traceback (most recent call last):', '  File "/ws/pkg/tests/test_api.py", line 5, in test_convert', '  File "/ws/pkg/api.py", line 10, in convert', '  File "/ws/pkg/units.py", line 20, in to_si', '  File "/venv/lib/python3.9/site-packages/numpy/core/x.py", line 7, in asarray'].join('\n'),
  ).frames;
  assert.equal(innermostFrameFile(frames, ['pkg/api.py', 'pkg/units.py', 'pkg/tests/test_api.py']), 'pkg/units.py', 'numpy is not a candidate; units.py is the innermost that is');
  assert.equal(innermostFrameFile(frames, ['pkg/api.py', 'pkg/tests/test_api.py']), 'pkg/api.py');
  assert.equal(innermostFrameFile(frames, ['pkg/tests/test_api.py']), undefined, 'a test calls the code under test: never the innermost');
  assert.equal(innermostFrameFile([], ['pkg/api.py']), undefined);
});

test('withTitleSupport: files the title matches rise in proportion to their title score; others keep theirs', () => {
  const fused = [
    { id: 'a1', score: 1.0, path: 'a.py' },
    { id: 'b1', score: 0.9, path: 'b.py' },
    { id: 'c1', score: 0.8, path: 'c.py' },
  ];
  const out = withTitleSupport(fused, [{ id: 'b9', score: 4, path: 'b.py' }, { id: 'c9', score: 2, path: 'c.py' }], () => undefined, 0.25);
  assert.deepEqual(out.map((c) => c.id), ['b1', 'a1', 'c1']);
  assert.ok(Math.abs(out[0].score - 0.9 * 1.25) < 1e-12);
  assert.ok(Math.abs(out[2].score - 0.8 * 1.125) < 1e-12);
  assert.deepEqual(withTitleSupport(fused, [], () => undefined, 0.25), fused);
  assert.deepEqual(withTitleSupport(fused, [{ id: 'b9', score: 4, path: 'b.py' }], () => undefined, 0), fused);
});

// A small package as a user's workspace: the implementation that fails, the module that calls it
// (and says the report's words more often), and a test naming every one of them.
const FILES: Record<string, string> = {
  'pkg/units/quantities.py': [
    'from pkg.units.system import collect_factor',
    '',
    'class Quantity:',
    '    """A quantity with a dimension and a scale factor; velocity, acceleration and time are quantities."""',
    '    def set_dimension(self, dimension):',
    '        self.dimension = dimension',
    '',
    '    def convert(self, other):',
    '        # Quantity conversion collects the factor and dimension of velocity, acceleration and time.',
    '        return collect_factor(self, other)',
  ].join('\n'),
  'pkg/units/system.py': [
    'class UnitSystem:',
    '    def collect_factor(self, expr):',
    '        """The factor and dimension of an expression."""',
    '        if expr.is_Add:',
    '            raise ValueError("Dimension of term is not the same")',
    '        return expr',
  ].join('\n'),
  'pkg/tests/test_quantities.py': [
    'from pkg.units.quantities import Quantity',
    '',
    'def test_collect_factor_velocity_acceleration_time():',
    '    v = Quantity("velocity"); a = Quantity("acceleration"); t = Quantity("time")',
    '    v.set_dimension("velocity"); a.set_dimension("acceleration"); t.set_dimension("time")',
    '    assert v.convert(a) and a.convert(t) and t.convert(v)  # collect_factor, dimension',
  ].join('\n'),
};

const REPORT_BODY = [
  '```python',
  'v = Quantity("velocity"); a = Quantity("acceleration"); t = Quantity("time")',
  'v.convert(a * t + v)',
  '```',
  'Results in',
  '```',
  'Traceback (most recent call last):',
  '  File "<stdin>", line 1, in <module>',
  '  File "/home/me/.venv/lib/python3.10/site-packages/pkg/units/quantities.py", line 10, in convert',
  '    return collect_factor(self, other)',
  '  File "/home/me/.venv/lib/python3.10/site-packages/pkg/units/system.py", line 5, in collect_factor',
  '    raise ValueError("Dimension of term is not the same")',
  'ValueError: Dimension of term is not the same',
  '```',
];

let root: string;
let index: FolderIndex;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'lore-trace-'));
  const folder = join(root, 'ws');
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), `${text}\n`);
  }
  index = await FolderIndex.open({ folder, indexDir: join(root, 'index'), model: 'none', embedder: null });
  await index.update();
});

after(async () => {
  await index.close();
  await rm(root, { recursive: true, force: true });
});

const filesOf = (hits: readonly { path: string }[]) => [...new Set(hits.map((h) => h.path))];

test('FolderIndex: a pasted report with a trace from an installed copy ranks the failing implementation first', async () => {
  const report = ['collect_factor does not detect equivalent dimensions in addition', '', ...REPORT_BODY].join('\n');
  const { hits, mode } = await index.search({ query: report, k: 8 });
  assert.equal(mode, 'keyword');
  const files = filesOf(hits);
  assert.equal(files[0], 'pkg/units/system.py', files.join(', '));
  assert.ok(files.indexOf('pkg/units/system.py') < files.indexOf('pkg/tests/test_quantities.py'));
  // Without the trace (the same words, no frames) the calling module wins: the frame is the evidence.
  const noTrace = report
    .split('\n')
    .filter((l) => !/^\s*(File |Traceback)/.test(l))
    .join('\n');
  assert.notEqual(filesOf((await index.search({ query: noTrace, k: 8 })).hits)[0], 'pkg/units/system.py');
});
