import * as nodePath from 'node:path';
import { isAbsolute, resolve } from 'node:path';

/** The parts of `node:path` the checks use; tests pass `path.win32` to check Windows paths anywhere. */
export type PathApi = Pick<typeof nodePath, 'relative' | 'isAbsolute' | 'sep'>;

/**
 * `child` relative to `parent` with POSIX separators ('' when they are the same path), or undefined
 * when `child` is not inside `parent`. Uses path.relative semantics, so Windows separators, drive
 * letters and case are handled (a `parent + '/'` prefix test never matches on Windows), and
 * `/a/bc` is not inside `/a/b`.
 */
export function relativeInside(parent: string, child: string, path: PathApi = nodePath): string | undefined {
  const rel = path.relative(parent, child);
  if (rel === '') return '';
  if (path.isAbsolute(rel) || rel === '..' || rel.startsWith(`..${path.sep}`)) return undefined;
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** True when `child` is `parent` or lies inside it (see relativeInside). */
export function isInside(parent: string, child: string, path: PathApi = nodePath): boolean {
  return relativeInside(parent, child, path) !== undefined;
}

export interface SourceLocation {
  /** Absolute path of the workspace folder the source was retrieved from. */
  folder: string;
  /** Path relative to that folder. */
  path: string;
  startLine: number;
  endLine: number;
  /** PDF page / notebook cell of a document source (1-based). */
  page?: number;
  cell?: number;
  /** Lines count the extracted text of a document (PDF, DOCX, HTML page, notebook), not the file's. */
  extracted?: boolean;
}

/**
 * Resolves a cited source to a file that is inside one of the open workspace folders (or configured
 * knowledge folders: the caller passes every folder Lore indexes), or undefined.
 * The location comes from our own records, but the check stays here: a path with `..` or an
 * absolute path from a tampered index must never open a file outside the workspace.
 */
export function resolveInsideWorkspace(loc: SourceLocation, workspaceFolders: readonly string[]): string | undefined {
  if (!workspaceFolders.includes(loc.folder) || isAbsolute(loc.path)) return undefined;
  const abs = resolve(loc.folder, loc.path);
  const rel = relativeInside(loc.folder, abs);
  return rel ? abs : undefined;
}
