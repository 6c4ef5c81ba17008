/**
 * How many secrets were redacted in each indexed file, kept beside the index (redactions.json) so
 * that `lore status` and Show Index Status can say so in a later process. Informational: a crash
 * between a store commit and this file's save leaves counts one pass behind, never the text.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '../util/atomicFile';

export const REDACTIONS_FILE = 'redactions.json';

export interface RedactionTotals {
  /** Secrets replaced by placeholders across the index. */
  secrets: number;
  /** Files that had at least one. */
  files: number;
}

export class RedactionCounts {
  private dirty = false;

  private constructor(
    private readonly file: string | null,
    private readonly perFile: Map<string, number>,
    private noFile: boolean,
  ) {}

  /**
   * No counts file existed: the index (if it has files) was built before text was redacted, so the
   * next full pass must re-chunk every file once (the embedding cache keeps that cheap).
   */
  get fresh(): boolean {
    return this.noFile;
  }

  /** Counts of the index in `indexDir` (empty when none were saved); in memory only without a dir. */
  static async load(indexDir?: string): Promise<RedactionCounts> {
    if (!indexDir) return new RedactionCounts(null, new Map(), false);
    const file = join(indexDir, REDACTIONS_FILE);
    const perFile = new Map<string, number>();
    let fresh = false;
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (parsed && typeof parsed === 'object') {
        for (const [path, n] of Object.entries(parsed)) if (typeof n === 'number' && n > 0) perFile.set(path, n);
      }
    } catch (err) {
      // Missing: an index from before redaction (or a new one). Unreadable: counts start again.
      fresh = (err as NodeJS.ErrnoException).code === 'ENOENT';
    }
    return new RedactionCounts(file, perFile, fresh);
  }

  /** The file was (re-)indexed with `n` secrets redacted. */
  set(path: string, n: number): void {
    if ((this.perFile.get(path) ?? 0) === n) return;
    if (n > 0) this.perFile.set(path, n);
    else this.perFile.delete(path);
    this.dirty = true;
  }

  remove(paths: Iterable<string>): void {
    for (const p of paths) if (this.perFile.delete(p)) this.dirty = true;
  }

  totals(): RedactionTotals {
    let secrets = 0;
    for (const n of this.perFile.values()) secrets += n;
    return { secrets, files: this.perFile.size };
  }

  /** Call after a pass that re-chunked every file: the index is no longer from before redaction. */
  markComplete(): void {
    if (this.noFile) this.dirty = true;
    this.noFile = false;
  }

  async save(): Promise<void> {
    if (!this.dirty || !this.file) return;
    this.dirty = false;
    await atomicWriteFile(this.file, JSON.stringify(Object.fromEntries(this.perFile)));
  }
}
