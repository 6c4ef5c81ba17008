import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OllamaClient } from '../ollama';
import type { FolderIndex } from '../indexer/folderIndex';
import { discover, summarizeSkips } from '../indexer/discovery';
import { languageForPath } from '../indexer/chunking';
import type { SkippedFile } from '../indexer/types';

const PROBE_MS = 2_000;

export interface StatusExtras {
  /** ISO time the index last changed on disk, or null when it was never written. */
  lastIndexed: string | null;
  ollama: { host: string; reachable: boolean; version?: string };
  /** Files Lore leaves out of this folder now, per reason (found by walking it as `lore index` would). */
  skipped: Record<string, number>;
}

/** What `lore status` adds to the index's own numbers: when it last changed, and whether Ollama answers. */
export async function statusExtras(folder: string, indexDir: string, host: string): Promise<StatusExtras> {
  // The vector store's manifest is rewritten by every pass that changed something.
  const manifest = await stat(join(indexDir, 'vectors', 'manifest.json')).catch(() => undefined);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PROBE_MS);
  const version = await new OllamaClient({ host }).version(abort.signal).catch(() => undefined);
  clearTimeout(timer);
  const found = await discover(folder).catch(() => undefined);
  const skipped: SkippedFile[] = [...(found?.skipped ?? [])];
  for (const f of found?.files ?? []) if (!languageForPath(f.path)) skipped.push({ path: f.path, reason: 'unsupported' });
  return {
    skipped: summarizeSkips(skipped) as Record<string, number>,
    lastIndexed: manifest ? manifest.mtime.toISOString() : null,
    ollama: version === undefined ? { host, reachable: false } : { host, reachable: true, version },
  };
}

/** `ignored 12, too-large 2` (empty when nothing is skipped). */
export function formatSkipped(skipped: Record<string, number>): string {
  return Object.entries(skipped).map(([reason, n]) => `${reason} ${n}`).join(', ');
}

/** `2026-12-05 08:30 (3 min ago)`. */
export function formatIndexedAt(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const at = new Date(iso);
  const mins = Math.round((now - at.getTime()) / 60_000);
  const ago = mins < 1 ? 'just now' : mins < 120 ? `${mins} min ago` : mins < 48 * 60 ? `${Math.round(mins / 60)} h ago` : `${Math.round(mins / 1440)} days ago`;
  return `${iso.slice(0, 16).replace('T', ' ')} UTC (${ago})`;
}

/** A folder never indexed has nothing to search: say so instead of "the index has no vectors yet". */
export class NotIndexedError extends Error {}

export async function requireIndexed(index: FolderIndex, folder: string): Promise<void> {
  const s = index.status();
  if (s.chunks > 0 || s.files > 0) return;
  await index.close();
  throw new NotIndexedError(`${folder} has not been indexed yet; run \`lore index ${folder}\` first`);
}
