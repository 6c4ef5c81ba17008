import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeQuery } from '../../src/indexer/keyword';
import { hintMatchesPath } from '../../src/indexer/keyword/pathHints';

const nodeTrace = `TypeError: Cannot read properties of undefined (reading 'chunkIds')
    at PendingWrites.flush (/home/dev/lore/src/indexer/pendingWrites.ts:45:61)
    at async runUpdate (/home/dev/lore/src/indexer/update.ts:131:7)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at Module._compile (node:internal/modules/cjs/loader:1256:14)
    at Object.<anonymous> (/home/dev/lore/node_modules/vectra/lib/index.js:10:3)`;

const pythonTrace = `Traceback (most recent call last):
  File "/home/dev/app/manage.py", line 22, in <module>
    main()
  File "app/services/billing.py", line 118, in charge_customer
    invoice = build_invoice(customer_id)
  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
KeyError: 'customer_id'`;

const goPanic = `panic: runtime error: index out of range [5] with length 3

goroutine 1 [running]:
main.parseArgs(...)
	/home/dev/tool/cmd/args.go:27 +0x1d
main.main()
	/home/dev/tool/main.go:10 +0x25
runtime.goexit()
	/usr/local/go/src/runtime/asm_amd64.s:1650 +0x1
exit status 2`;

const words = (q: string) => q.split(/\s+/).filter(Boolean);

test('Node stack trace: frames innermost first (an installed package by its own path); runtime frames dropped', () => {
  const a = analyzeQuery(nodeTrace);
  assert.deepEqual(
    a.frames.map((f) => [f.path, f.line, f.func]),
    [
      ['/home/dev/lore/src/indexer/pendingWrites.ts', 45, 'flush'],
      ['/home/dev/lore/src/indexer/update.ts', 131, 'runUpdate'],
      ['vectra/lib/index.js', 10, undefined],
    ],
  );
  assert.deepEqual(a.pathHints, [], 'frames are not path hints: only the innermost is evidence (innermostFrameFile)');
  for (const id of ['TypeError', 'chunkIds', 'runUpdate']) assert.ok(a.identifiers.includes(id), id);
  const terms = words(a.keywordQuery);
  assert.ok(terms.includes('chunkIds') && terms.includes('TypeError'));
  for (const noise of ['processTicksAndRejections', '_compile', 'anonymous', 'at', '45', '61']) {
    assert.ok(!terms.includes(noise), `kept ${noise}`);
  }
});

test('Python traceback: File/line frames innermost first, the error name and the quoted key', () => {
  const a = analyzeQuery(pythonTrace);
  assert.deepEqual(
    a.frames.map((f) => [f.path, f.line, f.func]),
    [
      ['app/services/billing.py', 118, 'charge_customer'],
      ['/home/dev/app/manage.py', 22, undefined],
    ],
  );
  for (const id of ['KeyError', 'customer_id', 'charge_customer', 'build_invoice']) assert.ok(a.identifiers.includes(id), id);
  // The source line printed under a standard-library frame is not the user's code.
  assert.ok(!a.keywordQuery.includes('_default_decoder'));
  assert.ok(!words(a.keywordQuery).includes('Traceback'));
});

test('Go panic: file:line frames without the +0x offsets; runtime frames dropped', () => {
  const a = analyzeQuery(goPanic);
  assert.deepEqual(a.pathHints, [
    { path: '/home/dev/tool/cmd/args.go', line: 27 },
    { path: '/home/dev/tool/main.go', line: 10 },
  ]);
  assert.ok(a.identifiers.includes('parseArgs'));
  const terms = words(a.keywordQuery).map((t) => t.toLowerCase());
  for (const noise of ['0x1d', 'goexit', 'goroutine', 'running', '27']) assert.ok(!terms.includes(noise), `kept ${noise}`);
});

test('Java frames and bare file references', () => {
  const a = analyzeQuery('java.lang.NullPointerException\n\tat com.acme.UserService.validate(UserService.java:33)\n\tat java.base/java.lang.Thread.run(Thread.java:833)');
  assert.deepEqual(
    a.frames.map((f) => [f.path, f.line, f.func]),
    [['UserService.java', 33, 'validate']],
  );
  assert.ok(a.identifiers.includes('NullPointerException'));
  assert.deepEqual(analyzeQuery('what does src/indexer/store.ts do').pathHints, [{ path: 'src/indexer/store.ts' }]);
  assert.deepEqual(analyzeQuery('see C:\\work\\app\\src\\x.ts:4:2').pathHints, [{ path: 'C:/work/app/src/x.ts', line: 4 }]);
  // Host names and versions are not files.
  assert.deepEqual(analyzeQuery('connect to example.com:8080 with v1.2:3').pathHints, []);
});

test('a question keeps its topic words and drops filler and stop words', () => {
  const a = analyzeQuery('Please explain how the indexer handles deleted files?');
  assert.deepEqual(words(a.keywordQuery), ['indexer', 'handles', 'deleted', 'files']);
  assert.deepEqual(a.identifiers, []);
  assert.deepEqual(a.pathHints, []);
  // Outside a stack trace, "errors" is the topic.
  assert.ok(words(analyzeQuery('how are errors handled').keywordQuery).includes('errors'));
});

test('identifiers and backticked names are recognised in prose', () => {
  const a = analyzeQuery('why does `retrieve` return nothing when parseHTTPResponse2 throws ECONNREFUSED in snake_case_name');
  for (const id of ['retrieve', 'parseHTTPResponse2', 'ECONNREFUSED', 'snake_case_name']) assert.ok(a.identifiers.includes(id), id);
});

test('a long bug report is capped, identifiers first', () => {
  const filler = Array.from({ length: 80 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');
  const report = `${filler} the crash happens in loadShardManifest when rebuildIndex runs ${filler}`;
  const terms = words(analyzeQuery(report).keywordQuery);
  assert.ok(terms.length <= 24, `${terms.length} terms`);
  assert.ok(terms.includes('loadShardManifest') && terms.includes('rebuildIndex'));
});

test('a query made only of filler falls back to itself', () => {
  assert.equal(analyzeQuery('please explain').keywordQuery, 'please explain');
});

test('hint paths match workspace-relative chunk paths by suffix', () => {
  assert.ok(hintMatchesPath('/home/dev/lore/src/indexer/update.ts', 'src/indexer/update.ts'));
  assert.ok(hintMatchesPath('UserService.java', 'src/main/java/com/acme/UserService.java'));
  assert.ok(!hintMatchesPath('/home/dev/lore/src/indexer/update.ts', 'indexer/update.tsx'));
  assert.ok(!hintMatchesPath('update.ts', 'src/indexer/myupdate.ts'));
});
