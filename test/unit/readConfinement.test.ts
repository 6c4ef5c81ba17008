import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextFile } from '../../src/indexer/discovery';
import { confinementSkip } from '../../src/indexer/discovery/readTextFile';

/**
 * A file discovered as a plain source file can be swapped for a symlink before it is read. With a
 * confinement, reading refuses anything that no longer resolves to a non-secret file in the folder.
 */
describe('readTextFile with a confinement', () => {
  let base: string;
  let root: string;
  before(async () => {
    base = await fs.mkdtemp(join(tmpdir(), 'lore-confine-'));
    root = join(base, 'ws');
    await fs.mkdir(join(root, 'src'), { recursive: true });
    await fs.writeFile(join(base, 'outside.ts'), 'export const outsideSecret = 1;\n');
    await fs.writeFile(join(root, '.env'), 'TOKEN=abc\n');
    await fs.writeFile(join(root, 'src/real.ts'), 'export const real = 1;\n');
    await fs.symlink(join(base, 'outside.ts'), join(root, 'src/escape.ts'));
    await fs.symlink('/etc/passwd', join(root, 'src/passwd.ts'));
    await fs.symlink('../.env', join(root, 'src/config.ts'));
    await fs.symlink('real.ts', join(root, 'src/alias.ts'));
  });
  after(() => fs.rm(base, { recursive: true, force: true }));

  const read = (rel: string, confine = true) => readTextFile(join(root, rel), confine ? { confine: { root } } : {});

  it('refuses files that resolve outside the folder, or to a secret inside it', async () => {
    assert.deepEqual([(await read('src/escape.ts')).ok, (await read('src/passwd.ts')).ok, (await read('src/config.ts')).ok], [false, false, false]);
    const escape = await read('src/escape.ts');
    assert.equal(!escape.ok && escape.reason, 'outside-root');
    const secret = await read('src/config.ts');
    assert.equal(!secret.ok && secret.reason, 'secret');
  });

  it('reads ordinary files and links inside the folder', async () => {
    assert.equal((await read('src/real.ts')).ok, true);
    assert.equal((await read('src/alias.ts')).ok, true);
  });

  it('judges the file that was opened, not what its path leads to by the time of the check', async () => {
    // A path opened while it was a link to a file outside, then (before the check) made a plain
    // file inside with the same inode (a hard link): resolving the path again finds an inside file
    // with the opened inode, yet the bytes in hand came from outside. Only the opened file's own
    // path tells. (The CLI race that shows this: a churned file turning back into a symlink between
    // the re-resolve and the inode check.)
    const p = join(root, 'src/swapped.ts');
    await fs.symlink(join(base, 'outside.ts'), p);
    const handle = await fs.open(p, 'r');
    try {
      await fs.unlink(p);
      await fs.link(join(base, 'outside.ts'), p);
      const verdict = await confinementSkip(p, handle.fd, await handle.stat(), { root });
      if (process.platform === 'linux') assert.equal(verdict?.reason, 'outside-root');
      else assert.ok(verdict === undefined || verdict.reason === 'unreadable');
    } finally {
      await handle.close();
      await fs.rm(p, { force: true });
    }
  });

  it('without a confinement, behaves as before (callers that checked the path themselves)', async () => {
    assert.equal((await read('src/escape.ts', false)).ok, true);
  });
});
