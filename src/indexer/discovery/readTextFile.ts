/**
 * Reads a discovered file once, for chunking: the text (BOM stripped) and the sha256 of its bytes,
 * or the reason it is not indexable. Never throws for file-system trouble: the file may have
 * vanished or changed since discovery, and one bad file must not stop an indexing run.
 */
import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import type { SkipReason } from '../types';
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

export async function readTextFile(absPath: string, opts: { maxFileSize?: number } = {}): Promise<ReadTextResult> {
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let bytes: Buffer;
  try {
    const handle = await fs.open(absPath, OPEN_FLAGS);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
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
