/**
 * Reads a discovered file once, for chunking: the text (BOM stripped) and the sha256 of its bytes,
 * or the reason it is not indexable. Never throws for file-system trouble: the file may have
 * vanished or changed since discovery, and one bad file must not stop an indexing run.
 */
import { createHash } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import { relativeInside } from '../../util/pathSafety';
import type { SkipReason } from '../types';
import { isSecretPath } from './secrets';
import { classifyContent } from './textContent';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export type ReadTextResult = { ok: true; text: string; hash: string } | { ok: false; reason: SkipReason; detail?: string };

// O_NONBLOCK so that opening a FIFO that replaced the file does not hang; it changes nothing for
// regular files. Windows has no such flag.
export const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Maps a file-system error to a skip; ELOOP is a symlink cycle, everything else 'unreadable'. */
export function fsErrorSkip(err: unknown): { reason: SkipReason; detail: string } {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOOP') return { reason: 'symlink-loop', detail: 'ELOOP' };
  if (code === 'ENOENT') return { reason: 'unreadable', detail: 'ENOENT: vanished' };
  return { reason: 'unreadable', detail: code ?? String(err) };
}

/** The folder a read must stay inside, and the user's secret patterns. */
export interface Confinement {
  root: string;
  secretPatterns?: string[];
}

const realRoots = new Map<string, Promise<string>>();

/**
 * Where the open file `fd` actually is, from the kernel (Linux: the /proc/self/fd link), or
 * undefined where that is not available. Unlike resolving the path again, this cannot be fooled by
 * the path changing between the open and the check.
 */
export async function openedFilePath(fd: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await fs.readlink(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Checks that the file just opened (`fd`, `info` its fstat) is the one discovery vouched for:
 * between discovery and reading, a file can be replaced by a symlink to `/etc/passwd`, to a file
 * outside the folder, or to a `.env` inside it. On Linux the opened file's own path decides. Else
 * the path is resolved again and must lead, without a symlink at the end, to the same device and
 * inode (resolving and then following a link would let a swap back between the two steps through).
 */
export async function confinementSkip(absPath: string, fd: number, info: Stats, c: Confinement): Promise<{ reason: SkipReason; detail: string } | undefined> {
  let rootReal = realRoots.get(c.root);
  if (!rootReal) {
    if (realRoots.size > 64) realRoots.clear();
    realRoots.set(c.root, (rootReal = fs.realpath(c.root)));
  }
  const [root, opened] = await Promise.all([rootReal, openedFilePath(fd)]);
  const real = opened ?? (await fs.realpath(absPath));
  // POSIX path inside the root; undefined outside it, '' for the root itself (never a file of the folder).
  const rel = relativeInside(root, real);
  if (!rel) return { reason: 'outside-root', detail: `-> ${real} (changed after discovery)` };
  if (opened === undefined) {
    const now = await fs.lstat(real);
    if (now.isSymbolicLink() || now.ino !== info.ino || now.dev !== info.dev) return { reason: 'unreadable', detail: 'replaced while being read' };
  }
  if (isSecretPath(rel, c.secretPatterns)) return { reason: 'secret', detail: `-> ${rel} (changed after discovery)` };
  return undefined;
}

export async function readTextFile(absPath: string, opts: { maxFileSize?: number; confine?: Confinement } = {}): Promise<ReadTextResult> {
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let bytes: Buffer;
  try {
    const handle = await fs.open(absPath, OPEN_FLAGS);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
      const escaped = opts.confine && (await confinementSkip(absPath, handle.fd, info, opts.confine));
      if (escaped) return { ok: false, ...escaped };
      if (info.size > maxFileSize) return { ok: false, reason: 'too-large', detail: `${info.size} bytes` };
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, ...fsErrorSkip(err) };
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxFileSize) return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes` };
  const verdict = classifyContent(bytes, true);
  if (!verdict.ok) return verdict;
  return { ok: true, text: verdict.text, hash: createHash('sha256').update(bytes).digest('hex') };
}
