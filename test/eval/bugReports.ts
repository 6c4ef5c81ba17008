/**
 * The bug-report set (../shared/eval-bugs, see its README): real SWE-bench Lite issues for three
 * Python projects, each with the full working tree it was filed against and the file the merged fix
 * changed. The question is the whole report, verbatim; the answer is a file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface BugReport {
  /** SWE-bench instance id, e.g. `sympy__sympy-14774`. */
  id: string;
  /** Folder of the tree under the set's directory (`sympy`). */
  folder: string;
  /** The issue text, verbatim. */
  query: string;
  /** Folder-relative paths the fix edited. */
  goldFiles: string[];
}

/** Where the set lives: LORE_EVAL_BUGS, else ../shared/eval-bugs beside the repository. */
export function bugSetDir(): string {
  return process.env.LORE_EVAL_BUGS ?? resolve(__dirname, '../../../shared/eval-bugs');
}

/** The reports, or undefined with the reason when the set is not there (the table is then skipped). */
export async function loadBugReports(dir = bugSetDir()): Promise<{ reports: BugReport[] } | { missing: string }> {
  const file = join(dir, 'bugs.jsonl');
  if (!existsSync(file)) return { missing: `${file} not found (set LORE_EVAL_BUGS)` };
  const reports: BugReport[] = [];
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const raw = JSON.parse(line) as { id: string; folder: string; query: string; gold_files: string[] };
    reports.push({ id: raw.id, folder: raw.folder, query: raw.query, goldFiles: raw.gold_files });
  }
  return { reports };
}

/** 1-based rank of the first gold file among the distinct files of `hits` (in hit order), 0 when absent within `cutoff`. */
export function goldFileRank(hits: readonly { path: string }[], gold: readonly string[], cutoff: number): number {
  const seen = new Set<string>();
  for (const h of hits) {
    if (seen.has(h.path)) continue;
    seen.add(h.path);
    if (seen.size > cutoff) return 0;
    if (gold.includes(h.path)) return seen.size;
  }
  return 0;
}
