import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pidAlive } from '../../util/pidAlive';

const TMP_SUFFIX = '.tmp';

/**
 * Replace `file` with `data` (a string, or buffers written in order) so that a reader (or a crash) sees either the old or the new content,
 * never a prefix: write a uniquely named sibling, fsync it, rename it over the target. A failure
 * removes the temporary file and leaves the target untouched.
 */
export async function writeFileAtomic(file: string, data: string | readonly Uint8Array[]): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`;
  try {
    const handle = await open(tmp, 'w');
    try {
      if (typeof data === 'string') await handle.writeFile(data, 'utf8');
      // writeFile retries short writes and continues at the current position.
      else for (const part of data) await handle.writeFile(part);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dirname(file));
}

/** Make the rename itself durable. Windows cannot open a directory for fsync; there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}


/**
 * Delete temporary files a crashed writer left beside `file`: old ones, and those of a process no
 * longer alive on this host (the pid is in the name). A young one of a live process may belong to
 * another window's save that is still running.
 */
export async function removeStaleTemps(file: string, olderThanMs = 10 * 60_000): Promise<void> {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // no directory yet: nothing to clean
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TMP_SUFFIX)) continue;
    const path = join(dir, name);
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    const dead = Number.isInteger(pid) && pid > 0 && pid !== process.pid && !pidAlive(pid);
    const info = await stat(path).catch(() => null);
    if (info && (dead || now - info.mtimeMs > olderThanMs)) await rm(path, { force: true });
  }
}
