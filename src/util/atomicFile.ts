import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pidAlive } from './pidAlive';

/**
 * The one way Lore replaces a file: a temp file beside it, fsync, rename, fsync of the directory.
 * Temp files are named `.<name>.<pid>.<n>.tmp`, so a sweep can tell a dead writer's leftovers
 * (removeDeadTemps) from a live writer's file in progress.
 */

/** Test hooks: throw from one to simulate a failing disk at that point. */
export interface StorageFaults {
  /** Before any byte of `path` (its final name) is written. */
  beforeWrite?(path: string): void | Promise<void>;
  /** Before a staged file is renamed over `path`. */
  beforeRename?(path: string): void | Promise<void>;
}

/** File content: one string or buffer, or buffers written in order (no concatenated copy). */
export type FileData = string | Buffer | readonly Uint8Array[];

let tmpCounter = 0;

/** Temp files written by writeTemp: `.<name>.<pid>.<n>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/** Best-effort removal of a temp file while another error is already on its way to the caller. */
export function removeTemp(tmp: string): Promise<void> {
  return fs.rm(tmp, { force: true }).catch(() => undefined);
}

/** fsync a directory so a rename in it survives a power cut; not possible (nor needed) on Windows. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Write `data` to a fresh temp file beside `path`, fsync it (unless `sync` is false: the caller
 * then fsyncs it with syncFile before renaming it), and return the temp name.
 */
export async function writeTemp(path: string, data: FileData, faults?: StorageFaults, sync = true): Promise<string> {
  await faults?.beforeWrite?.(path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tmpCounter}.tmp`);
  try {
    const h = await fs.open(tmp, 'wx');
    try {
      if (typeof data === 'string' || Buffer.isBuffer(data)) await h.writeFile(data);
      // writeFile retries short writes and continues at the current position.
      else for (const part of data) await h.writeFile(part);
      if (sync) await h.sync();
    } finally {
      await h.close();
    }
  } catch (err) {
    await removeTemp(tmp);
    throw err;
  }
  return tmp;
}

/** fsync a file written earlier (by writeTemp with `sync` false). */
export async function syncFile(path: string): Promise<void> {
  const h = await fs.open(path, 'r+'); // writable: Windows cannot flush a read-only handle
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Replace `path` atomically: readers (and a crash) see either the whole old file or the whole new
 * one, never a prefix. A failure removes the temp file and leaves `path` untouched.
 */
export async function atomicWriteFile(path: string, data: FileData, faults?: StorageFaults): Promise<void> {
  const tmp = await writeTemp(path, data, faults);
  try {
    await faults?.beforeRename?.(path);
    await fs.rename(tmp, path);
  } catch (err) {
    await removeTemp(tmp);
    throw err;
  }
  await syncDir(dirname(path));
}

/**
 * Delete temp files a killed writer left in `dir` (nothing else would ever remove them; a shard
 * rewrite leaves megabytes). With `ownedByLock` true for a name, the caller holds the lock under
 * which that file is written, so its temp is garbage whoever wrote it; otherwise only temps of
 * processes no longer alive on this host are removed (a live one's may be a save in progress).
 */
export async function removeDeadTemps(dir: string, ownedByLock: (name: string) => boolean = () => false): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0; // no directory yet: nothing to clean
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || (!ownedByLock(name) && (Number(m[1]) === process.pid || pidAlive(Number(m[1]))))) continue;
    await fs.rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
