import { isAbsolute, relative, resolve } from 'node:path';

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
  const rel = relative(loc.folder, abs);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return abs;
}
