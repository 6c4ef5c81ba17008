import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { isInside, relativeInside, resolveInsideWorkspace } from '../../src/util/pathSafety';

const ws = ['/home/u/project', '/home/u/other'];

test('a cited source inside a workspace folder resolves to its absolute path', () => {
  assert.equal(resolveInsideWorkspace({ folder: '/home/u/project', path: 'src/a.ts', startLine: 1, endLine: 2 }, ws), '/home/u/project/src/a.ts');
});

test('paths that escape the folder, absolute paths and unknown folders are refused', () => {
  const bad = [
    { folder: '/home/u/project', path: '../secret.txt' },
    { folder: '/home/u/project', path: 'src/../../other/x.ts' },
    { folder: '/home/u/project', path: '/etc/passwd' },
    { folder: '/etc', path: 'passwd' },
    { folder: '/home/u/project', path: '' },
  ];
  for (const b of bad) assert.equal(resolveInsideWorkspace({ ...b, startLine: 1, endLine: 1 }, ws), undefined, JSON.stringify(b));
});

test('isInside / relativeInside: segment boundaries, the folder itself, POSIX and Windows paths', () => {
  assert.equal(relativeInside('/w/app', '/w/app/src/a.ts', path.posix), 'src/a.ts');
  assert.equal(relativeInside('/w/app', '/w/app', path.posix), '');
  assert.equal(relativeInside('/w/app', '/w/apple/a.ts', path.posix), undefined, 'a sibling with the same prefix is outside');
  assert.equal(relativeInside('/w/app', '/w/other/x', path.posix), undefined);
  assert.equal(relativeInside('/w/app', '/w/app/..foo', path.posix), '..foo', 'a name starting with two dots is inside');
  assert.equal(relativeInside('C:\\w\\app', 'C:\\w\\app\\src\\a.ts', path.win32), 'src/a.ts', 'Windows separators come back as POSIX');
  assert.equal(relativeInside('C:\\w\\app', 'c:\\W\\App\\x.md', path.win32), 'x.md', 'Windows paths compare without case');
  assert.equal(relativeInside('C:\\w\\app', 'D:\\w\\app\\x.md', path.win32), undefined, 'another drive is outside');
  assert.equal(relativeInside('C:\\w\\app', 'C:\\w\\apple\\x.md', path.win32), undefined);
  assert.equal(isInside('C:\\w', 'C:\\w\\app', path.win32), true);
  assert.equal(isInside('/w/app/src', '/w/app', path.posix), false);
});
