import { promises as fs } from 'node:fs';
import type { Manifest } from './manifest';

export function isNoSpace(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === 'ENOSPC';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}

/**
 * A disk-full error that says where and how much: a bare "ENOSPC: no space left on device, write"
 * names neither the index directory (which may live in a cache the user never looks at) nor what
 * freeing space has to achieve.
 */
export async function noSpaceError(dir: string, neededBytes: number, cause: unknown): Promise<Error> {
  let free = '';
  try {
    const s = await fs.statfs(dir);
    free = `, ${formatBytes(s.bavail * s.bsize)} free`;
  } catch {
    // the figure is a courtesy; the message stands without it
  }
  const err = new Error(`no space left on device for the index in ${dir}: this write needed about ${formatBytes(neededBytes)}${free}`, { cause });
  return Object.assign(err, { code: 'ENOSPC' });
}

/** Rough size of a manifest: a disk-full message only needs the order of magnitude. */
export function manifestBytes(m: Manifest): number {
  let n = 64;
  for (const f of m.files.values()) n += f.path.length + 100 + f.chunkIds.reduce((k, id) => k + id.length + 3, 0);
  return n;
}
