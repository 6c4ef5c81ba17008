import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveInsideWorkspace } from '../../src/util/pathSafety';

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
