import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { discover, summarizeSkips } from '../../src/indexer/discovery';
import type { DiscoveryOptions, DiscoveryResult, SkipReason } from '../../src/indexer/types';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function makeTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'lore-discovery-'));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

function reasonOf(result: DiscoveryResult, path: string): SkipReason | 'indexed' | 'absent' {
  if (result.files.some((f) => f.path === path)) return 'indexed';
  return result.skipped.find((s) => s.path === path)?.reason ?? 'absent';
}

function expectReasons(result: DiscoveryResult, expected: Record<string, SkipReason | 'indexed' | 'absent'>): void {
  const actual = Object.fromEntries(Object.keys(expected).map((p) => [p, reasonOf(result, p)]));
  assert.deepEqual(actual, expected);
}

const run = (root: string, opts?: DiscoveryOptions) => discover(root, opts);

describe('discover: ignore files', () => {
  it('applies nested .gitignore files with negations, relative to their directory', async () => {
    const root = await makeTree({
      '.gitignore': '*.log\n!keep.log\n*.out.txt\nlogs/\n!logs/important.txt\n',
      'a.log': 'x', 'keep.log': 'x', 'sub/b.log': 'x', 'sub/keep.log': 'x',
      'logs/important.txt': 'x',
      'report.out.txt': 'x',
      'sub/.gitignore': '/local.txt\ntmp/\n*.tmp\n!special.out.txt\n',
      'local.txt': 'x', 'sub/local.txt': 'x', 'sub/deep/local.txt': 'x',
      'sub/tmp/x.txt': 'x', 'tmp/x.txt': 'x', 'sub/deep/x.tmp': 'x', 'x.tmp': 'x',
      'sub/special.out.txt': 'x', 'other/special.out.txt': 'x',
      // A slashless pattern matches below its directory only, never the directory's own name.
      'pkg/.gitignore': 'pkg\n', 'pkg/main.ts': 'x', 'pkg/pkg/inner.ts': 'x',
    });
    const result = await run(root);
    expectReasons(result, {
      'a.log': 'gitignore', 'keep.log': 'indexed', 'sub/b.log': 'gitignore', 'sub/keep.log': 'indexed',
      // git does not re-include a file whose parent directory is excluded, and we do not descend.
      'logs/': 'gitignore', 'logs/important.txt': 'absent',
      'report.out.txt': 'gitignore',
      'local.txt': 'indexed', 'sub/local.txt': 'gitignore', 'sub/deep/local.txt': 'indexed',
      'sub/tmp/': 'gitignore', 'sub/tmp/x.txt': 'absent', 'tmp/x.txt': 'indexed',
      'sub/deep/x.tmp': 'gitignore', 'x.tmp': 'indexed',
      // A deeper .gitignore overrides a shallower one.
      'sub/special.out.txt': 'indexed', 'other/special.out.txt': 'gitignore',
      'pkg/main.ts': 'indexed', 'pkg/pkg/': 'gitignore',
    });
    assert.match(result.skipped.find((s) => s.path === 'sub/local.txt')?.detail ?? '', /^sub\/\.gitignore:1 /);
  });

  it('applies .loreignore after .gitignore, which it can override', async () => {
    const root = await makeTree({
      '.gitignore': '*.gen.txt\n',
      '.loreignore': '!wanted.gen.txt\nnotes.md\n',
      'docs/.loreignore': 'drafts/\n',
      'wanted.gen.txt': 'x', 'other.gen.txt': 'x', 'notes.md': 'x', 'docs/notes.md': 'x',
      'docs/drafts/a.md': 'x', 'docs/final.md': 'x',
    });
    expectReasons(await run(root), {
      'wanted.gen.txt': 'indexed', 'other.gen.txt': 'gitignore', 'notes.md': 'loreignore',
      'docs/notes.md': 'loreignore', 'docs/drafts/': 'loreignore', 'docs/final.md': 'indexed',
    });
  });

  it('lets a .loreignore negation re-include built-in excludes, but never secrets', async () => {
    const root = await makeTree({
      '.loreignore': '!build/\n!yarn.lock\n!.env\n!*.min.js\n',
      'build/make.ts': 'x', 'pkg/build/gen.ts': 'x', 'out/a.js': 'x', 'yarn.lock': 'x', 'Cargo.lock': 'x',
      '.env': 'A=1', 'lib.min.js': 'x',
    });
    expectReasons(await run(root), {
      'build/make.ts': 'indexed', 'pkg/build/gen.ts': 'indexed', 'out/': 'builtin-exclude', 'yarn.lock': 'indexed',
      'Cargo.lock': 'builtin-exclude', '.env': 'secret', 'lib.min.js': 'indexed',
    });
  });

  it('honours .git/info/exclude, CRLF and BOM, and ignore files in directories with glob characters', async () => {
    const root = await makeTree({
      '.gitignore': '\uFEFF*.bak\r\n# comment\r\nwith-space.txt   \r\n', 'a.bak': 'x', 'with-space.txt': 'x',
      '.git/info/exclude': 'scratch.txt\n',
      'scratch.txt': 'x',
      'app/[id]/.gitignore': '*.tmp\n',
      'app/[id]/page.tmp': 'x', 'app/[id]/page.tsx': 'x', 'app/i/page.tmp': 'x',
    });
    expectReasons(await run(root), {
      'scratch.txt': 'gitignore', 'app/[id]/page.tmp': 'gitignore', 'app/[id]/page.tsx': 'indexed',
      'app/i/page.tmp': 'indexed', '.git/': 'builtin-exclude', 'a.bak': 'gitignore', 'with-space.txt': 'gitignore',
    });
  });
});

describe('discover: built-in rules and globs', () => {
  it('does not descend into node_modules, .git and other build directories', async () => {
    const root = await makeTree({
      'node_modules/pkg/index.js': 'x', 'packages/a/node_modules/dep/i.js': 'x', '.git/config': 'x',
      'dist/app.js': 'x', 'src/build/x.ts': 'x', 'src/index.ts': 'x', 'package-lock.json': '{}', 'go.sum': 'x',
    });
    const result = await run(root);
    expectReasons(result, {
      'node_modules/': 'builtin-exclude', 'packages/a/node_modules/': 'builtin-exclude', '.git/': 'builtin-exclude',
      'dist/': 'builtin-exclude', 'src/build/': 'builtin-exclude', 'src/index.ts': 'indexed',
      'package-lock.json': 'builtin-exclude', 'go.sum': 'builtin-exclude',
    });
    const below = [...result.files, ...result.skipped].filter((e) => /node_modules\/.|\.git\/./.test(e.path));
    assert.deepEqual(below, []);
  });

  it('excludes vendor/ only next to a dependency manifest', async () => {
    const root = await makeTree({ 'go/go.mod': 'module x', 'go/vendor/lib.go': 'x', 'web/vendor/lib.js': 'x' });
    expectReasons(await run(root), { 'go/vendor/': 'builtin-exclude', 'web/vendor/lib.js': 'indexed' });
  });

  it('skips binary, minified and generated files by name', async () => {
    const root = await makeTree({
      'logo.png': 'not really a png', 'app.min.js': 'x', 'app.js.map': '{}', 'api.pb.go': 'x',
      'api_pb2.py': 'x', 'model.g.dart': 'x', 'font.woff2': 'x', 'lib.so': 'x', 'sheet.xls': 'x',
    });
    expectReasons(await run(root), {
      'logo.png': 'binary', 'app.min.js': 'minified', 'app.js.map': 'generated', 'api.pb.go': 'generated',
      'api_pb2.py': 'generated', 'model.g.dart': 'generated', 'font.woff2': 'binary', 'lib.so': 'binary',
      'sheet.xls': 'binary',
    });
  });

  it('applies include and exclude globs (slashless patterns match basenames)', async () => {
    const root = await makeTree({
      'src/a.ts': 'x', 'src/a.test.ts': 'x', 'src/legacy/old.ts': 'x', 'README.md': 'x',
      'docs/guide.md': 'x', 'other.txt': 'x', 'src/.hidden.ts': 'x',
    });
    const result = await run(root, { include: ['src/**', '*.md'], exclude: ['**/*.test.ts', 'src/legacy'] });
    expectReasons(result, {
      'src/a.ts': 'indexed', 'src/a.test.ts': 'user-exclude', 'src/legacy/': 'user-exclude',
      'README.md': 'indexed', 'docs/guide.md': 'indexed', 'other.txt': 'user-exclude', 'src/.hidden.ts': 'indexed',
    });
    const all = await run(root);
    assert.equal(all.files.length, 7, 'empty include means everything');
  });
});

describe('discover: content and size', () => {
  it('sniffs content: binary, encoding, minified, generated, size', async () => {
    const minified = 'var a=1;'.repeat(300) + '\n' + 'function b(){return 2}'.repeat(60);
    const line = 'just an ordinary line of text\n';
    const root = await makeTree({
      'fake.ts': Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x00, 0x01, 0x02, 0x03]),
      'latin1.txt': Buffer.from('The caf\xe9 on the corner serves a fine cr\xe8me br\xfbl\xe9e every day.\n', 'latin1'),
      'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello\n', 'utf16le')]),
      'bundle.js': minified,
      'api.go': '// Code generated by protoc-gen-go. DO NOT EDIT.\npackage api\n',
      'gen.ts': '/**\n * @generated by relay\n */\nexport const x = 1;\n',
      'big.txt': line.repeat(200), 'small.txt': line.repeat(100), 'empty.txt': '',
      'normal.ts': 'const long = "' + 'x'.repeat(3000) + '";\n' + 'const y = 1;\n'.repeat(200),
    });
    const result = await run(root, { maxFileSize: 4096 });
    expectReasons(result, {
      'fake.ts': 'binary', 'latin1.txt': 'not-utf8', 'utf16.txt': 'indexed', 'bundle.js': 'minified',
      'api.go': 'generated', 'gen.ts': 'generated', 'big.txt': 'too-large', 'small.txt': 'indexed',
      'empty.txt': 'indexed', 'normal.ts': 'too-large',
    });
    const bigger = await run(root, { maxFileSize: 1024 * 1024 });
    expectReasons(bigger, { 'normal.ts': 'indexed', 'big.txt': 'indexed' });
    const small = bigger.files.find((f) => f.path === 'small.txt');
    assert.equal(small?.size, line.length * 100);
    assert.equal(small?.absPath, join(root, 'small.txt'));
  });
});

describe('discover: symlinks, errors, order, abort', () => {
  it('follows links inside the root, stops at loops and links leaving the root', async () => {
    const outside = await makeTree({ 'elsewhere.txt': 'x' });
    const root = await makeTree({ 'sub/a.txt': 'x', 'real/b.txt': 'x', '.env': 'SECRET=1' });
    await symlink('..', join(root, 'sub/up'));
    await symlink('.', join(root, 'sub/self'));
    await symlink(join(root, 'real'), join(root, 'linked'));
    await symlink('real/b.txt', join(root, 'b-link.txt'));
    await symlink('.env', join(root, 'config.txt'));
    await symlink(join(outside, 'elsewhere.txt'), join(root, 'out-file.txt'));
    await symlink(outside, join(root, 'out-dir'));
    await symlink('missing.txt', join(root, 'dangling.txt'));
    const result = await run(root);
    expectReasons(result, {
      'sub/up/': 'symlink-loop', 'sub/self/': 'symlink-loop', 'linked/b.txt': 'indexed', 'b-link.txt': 'indexed',
      'config.txt': 'secret', 'out-file.txt': 'outside-root', 'out-dir/': 'outside-root', 'dangling.txt': 'unreadable',
      'sub/a.txt': 'indexed',
    });
  });

  it('reports unreadable directories and files instead of throwing', { skip: process.getuid?.() === 0 && 'root ignores file permissions' }, async () => {
    const root = await makeTree({ 'locked/a.txt': 'x', 'secret.txt': 'x', 'ok.txt': 'x' });
    await chmod(join(root, 'locked'), 0o000);
    await chmod(join(root, 'secret.txt'), 0o000);
    try {
      expectReasons(await run(root), { 'locked/': 'unreadable', 'secret.txt': 'unreadable', 'ok.txt': 'indexed' });
    } finally {
      await chmod(join(root, 'locked'), 0o755);
    }
  });

  it('returns sorted, relative POSIX paths and counts skips per reason', async () => {
    const root = await makeTree({ 'b/z.ts': 'x', 'a/y.ts': 'x', 'a.ts': 'x', 'c/node_modules/x.js': 'x', 'k.png': 'x', 'j.jpg': 'x' });
    const result = await run(root);
    const paths = result.files.map((f) => f.path);
    assert.deepEqual(paths, ['a.ts', 'a/y.ts', 'b/z.ts']);
    assert.deepEqual(summarizeSkips(result.skipped), { 'builtin-exclude': 1, binary: 2 });
  });

  it('aborts with an AbortError', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`d${i % 30}/e${i % 7}/f${i}.ts`] = 'x';
    const root = await makeTree(files);
    await assert.rejects(run(root, { signal: AbortSignal.abort() }), { name: 'AbortError' });
    const ac = new AbortController();
    const pending = run(root, { signal: ac.signal });
    setImmediate(() => ac.abort());
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal((await run(root)).files.length, 300);
  });

  it('throws when the root itself cannot be read', async () => {
    await assert.rejects(run(join(tmpdir(), 'lore-no-such-dir-' + process.pid)), { code: 'ENOENT' });
  });
});
