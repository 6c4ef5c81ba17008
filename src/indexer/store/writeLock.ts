import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pidAlive } from '../../util/pidAlive';

/**
 * Cross-process writer lock of an index directory (two VS Code windows, or the CLI next to the
 * extension, on one index).
 *
 * Protocol:
 * - The lock is the file `<dir>/write.lock`, created with O_EXCL ('wx'): creating it is acquiring
 *   it. It holds `{pid, host, token, acquiredAt}`; the holder touches its mtime every staleMs/3.
 * - A lock is stale when its holder is on this host and its pid is dead, or when its mtime is older
 *   than staleMs (holder hung, or on another host of a shared folder) - the larger of the waiter's
 *   and the holder's staleMs, so a waiter with a short one never breaks a live lock.
 * - Breaking a stale lock is itself guarded by `<dir>/write.lock.break` (mkdir is atomic): the
 *   breaker re-reads the lock under that guard and deletes it only if it is still the same stale
 *   lock (same inode and token), so two breakers can never delete a fresh lock taken by a third.
 *   A break guard older than staleMs is from a dead breaker and is removed.
 * - Release deletes the lock only if it still carries the holder's token.
 * Writers hold the lock for one store transaction; readers never take it (shard files are replaced
 * atomically, so a reader sees either version of each file, and re-reads what changed).
 */
export interface WriteLockOptions {
  /** A lock whose holder has not refreshed it for this long is taken over. Default 30 s. */
  staleMs?: number;
  /** Give up (throw) after waiting this long. Default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type ReleaseLock = () => Promise<void>;

interface LockContent {
  pid: number;
  host: string;
  token: string;
  acquiredAt: number;
  /** The holder's staleMs: its heartbeat period is a third of it, so waiters judge age by it. */
  staleMs: number;
}

export const LOCK_FILE = 'write.lock';

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function readLock(path: string): Promise<{ content: LockContent | undefined; ino: number; mtimeMs: number } | undefined> {
  try {
    const st = await fs.stat(path);
    let content: LockContent | undefined;
    try {
      const parsed = JSON.parse(await fs.readFile(path, 'utf8')) as LockContent;
      if (typeof parsed.pid === 'number' && typeof parsed.token === 'string') content = parsed;
    } catch {
      content = undefined; // being written, or garbage: judged by age alone
    }
    return { content, ino: st.ino, mtimeMs: st.mtimeMs };
  } catch (err) {
    if (errCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

async function tryCreate(path: string, content: LockContent): Promise<boolean> {
  let h;
  try {
    h = await fs.open(path, 'wx');
  } catch (err) {
    if (errCode(err) === 'EEXIST') return false;
    throw err;
  }
  try {
    await h.writeFile(JSON.stringify(content));
    await h.sync();
  } finally {
    await h.close();
  }
  return true;
}

/** Delete the lock if it is still the one judged stale; does nothing while someone else is breaking it. */
async function breakStale(path: string, seen: { ino: number; token?: string }, staleMs: number): Promise<void> {
  const guard = `${path}.break`;
  try {
    await fs.mkdir(guard);
  } catch (err) {
    if (errCode(err) !== 'EEXIST') throw err;
    const st = await fs.stat(guard).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > staleMs) await fs.rm(guard, { recursive: true, force: true });
    return;
  }
  try {
    const now = await readLock(path);
    if (now && now.ino === seen.ino && now.content?.token === seen.token) await fs.rm(path, { force: true });
  } finally {
    await fs.rm(guard, { recursive: true, force: true });
  }
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((res, rej) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      res();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      rej(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function acquireWriteLock(dir: string, options: WriteLockOptions = {}): Promise<ReleaseLock> {
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const path = join(dir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, host: hostname(), token: randomUUID(), acquiredAt: Date.now(), staleMs };
  let wait = 5;
  for (;;) {
    options.signal?.throwIfAborted();
    if (await tryCreate(path, mine)) break;
    const held = await readLock(path);
    if (!held) continue;
    const age = Date.now() - held.mtimeMs;
    const c = held.content;
    const dead = c !== undefined && c.host === mine.host && !pidAlive(c.pid);
    if (dead || age > Math.max(staleMs, c?.staleMs ?? 0)) {
      await breakStale(path, { ino: held.ino, token: c?.token }, staleMs);
      await sleep(1 + Math.random() * 4, options.signal); // another breaker may hold the guard
      continue;
    }
    if (Date.now() > deadline) throw new Error(`index ${dir} is locked by process ${c?.pid ?? '?'} (waited ${options.timeoutMs ?? 120_000} ms)`);
    await sleep(wait + Math.random() * wait, options.signal);
    wait = Math.min(wait * 2, 100);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    fs.utimes(path, now, now).catch(() => undefined); // a missed beat only shortens the grace period
  }, Math.max(10, staleMs / 3));
  heartbeat.unref();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    const held = await readLock(path);
    if (held?.content?.token === mine.token) await fs.rm(path, { force: true });
  };
}
