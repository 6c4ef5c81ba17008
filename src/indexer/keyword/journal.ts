/**
 * keyword.journal.json: the changes made to the index since keyword.bin was written (chunks removed
 * from it, chunks added), so that a small pass (a `lore index` after one edited file) saves a few
 * kilobytes instead of merging and rewriting the whole segment, and the next open applies them
 * instead of catching up from the store. The journal names the keyword.bin it extends (its
 * generation and checksum): against any other file it is ignored, and the generation check of the
 * opener (FolderIndex.reconcileKeywordIndex) catches up from the store as before. Derived data like
 * keyword.bin: losing it costs time, never data.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '../../util/atomicFile';
import type { KeywordDoc } from './options';

export const JOURNAL_FILE = 'keyword.journal.json';
const JOURNAL_VERSION = 1;

/** Which keyword.bin a journal extends: its generation and the checksum in its last 4 bytes. */
export interface BaseStamp {
  generation: number;
  crc: number;
  /** Chunks in the base segment (removed ones included). */
  docCount: number;
}

export interface KeywordJournal {
  version: number;
  base: { generation: number; crc: number };
  /** Generation of base + these changes (what the index holds once they are applied). */
  generation: number;
  /** Chunks of the base segment no longer in the index. */
  removed: string[];
  /** Chunks added since the base was written. */
  added: KeywordDoc[];
}

const isString = (x: unknown): x is string => typeof x === 'string';

function isDoc(x: unknown): x is KeywordDoc {
  const d = x as Partial<KeywordDoc> | null;
  return !!d && [d.id, d.text, d.symbol, d.path, d.kind, d.language].every(isString);
}

/** The journal in `dir` when it extends `base`; undefined when there is none, it is damaged or of another base. */
export async function readJournal(dir: string, base: { generation: number; crc: number }): Promise<KeywordJournal | undefined> {
  let j: Partial<KeywordJournal>;
  try {
    j = JSON.parse(await readFile(join(dir, JOURNAL_FILE), 'utf8')) as Partial<KeywordJournal>;
  } catch {
    return undefined; // absent, or torn by a crash mid-write of a non-atomic copy: only costs a catch-up
  }
  const ok = j.version === JOURNAL_VERSION && j.base?.generation === base.generation && j.base?.crc === base.crc &&
    typeof j.generation === 'number' && Array.isArray(j.removed) && j.removed.every(isString) && Array.isArray(j.added) && j.added.every(isDoc);
  return ok ? (j as KeywordJournal) : undefined;
}

export function writeJournal(dir: string, journal: Omit<KeywordJournal, 'version'>): Promise<void> {
  return atomicWriteFile(join(dir, JOURNAL_FILE), JSON.stringify({ version: JOURNAL_VERSION, ...journal }));
}

export function removeJournal(dir: string): Promise<void> {
  return rm(join(dir, JOURNAL_FILE), { force: true });
}

/**
 * Pending changes to an index whose segment is not loaded (KeywordIndex opened deferred): the net
 * effect on the base, as a journal would record it. Removing a chunk added since cancels the add;
 * adding back a chunk of the base cancels its removal (ids hash path and content: same id, same chunk).
 */
export class JournalChanges {
  readonly removed = new Set<string>();
  readonly added = new Map<string, KeywordDoc>();

  constructor(journal?: KeywordJournal) {
    for (const id of journal?.removed ?? []) this.removed.add(id);
    for (const d of journal?.added ?? []) this.added.set(d.id, d);
  }

  add(docs: readonly KeywordDoc[]): void {
    for (const d of docs) {
      if (this.removed.delete(d.id)) continue;
      this.added.set(d.id, d);
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) if (!this.added.delete(id)) this.removed.add(id);
  }

  get size(): number {
    return this.removed.size + this.added.size;
  }
}
