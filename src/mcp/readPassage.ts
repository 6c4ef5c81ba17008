/**
 * read_passage: lines of an indexed file, read the way the indexer reads it. The path comes from an
 * agent (and through it from whatever text the agent was shown), so it is untrusted: it must name a
 * file inside one of the served folders that Lore indexed, and the read goes through the indexer's
 * own confined read (symlinks out of the folder and secret files are refused, documents are
 * extracted so their lines match the index's citations) and its redaction of secrets inside text.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readSource } from '../indexer/extract';
import { redactSource } from '../indexer/redactSource';
import { relativeInside, resolveInsideWorkspace } from '../util/pathSafety';
import { ToolError } from './toolError';

/** Lines returned at most per call; an agent asks again for the next range. */
export const READ_MAX_LINES = 400;
export const READ_MAX_CHARS = 40_000;

export interface PassageFolder {
  /** Absolute path of an indexed folder. */
  folder: string;
  /** True when the index of `folder` holds `relPath` (ignored, secret or skipped files are not). */
  isIndexed(relPath: string): Promise<boolean>;
  secretPatterns?: string[];
}

export interface ReadPassageArgs {
  path: string;
  startLine: number;
  endLine?: number;
  /** Which folder a relative path is in, when several are served. */
  folder?: string;
}

export interface PassageText {
  folder: string;
  path: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  text: string;
  /** The range asked for went further than READ_MAX_LINES / READ_MAX_CHARS allow. */
  truncated: boolean;
}

/** Candidate (folder, relative path) pairs for what the agent named, inside the folders only. */
function locate(folders: readonly PassageFolder[], args: ReadPassageArgs): { f: PassageFolder; rel: string }[] {
  const roots = folders.map((f) => f.folder);
  const out: { f: PassageFolder; rel: string }[] = [];
  for (const f of folders) {
    if (args.folder !== undefined && resolve(args.folder) !== f.folder) continue;
    const rel = isAbsolute(args.path) ? relativeInside(f.folder, args.path) : args.path.replace(/\\/g, '/').replace(/^\.\//, '');
    if (rel === undefined) continue;
    const abs = resolveInsideWorkspace({ folder: f.folder, path: rel, startLine: 1, endLine: 1 }, roots);
    if (abs) out.push({ f, rel: relative(f.folder, abs).split(sep).join('/') });
  }
  return out;
}


export async function readPassage(folders: readonly PassageFolder[], args: ReadPassageArgs, signal?: AbortSignal): Promise<PassageText> {
  const start = args.startLine;
  const end = args.endLine ?? start + 59;
  if (end < start) throw new ToolError(`endLine ${end} is before startLine ${start}.`, 'Give a range with startLine <= endLine (1-based, inclusive).');
  const candidates = locate(folders, args);
  if (candidates.length === 0) {
    throw new ToolError(
      `${args.path} is outside the folders Lore serves.`,
      `read_passage only reads files inside ${folders.map((f) => f.folder).join(', ')}; use a path from a search result.`,
    );
  }
  let found: { f: PassageFolder; rel: string } | undefined;
  for (const c of candidates) if (await c.f.isIndexed(c.rel)) found = found ?? c;
  if (!found) {
    throw new ToolError(
      `${args.path} is not in Lore's index.`,
      'Lore serves only files it indexed (not ignored, secret, binary or too-large files); use a path from a search result, or run `lore index` if the file is new.',
    );
  }
  const read = await readSource(join(found.f.folder, found.rel), found.rel, {
    confine: { root: found.f.folder, secretPatterns: found.f.secretPatterns },
    signal,
  });
  if (!read.ok) {
    throw new ToolError(`${found.rel} cannot be read: ${read.reason}${read.detail ? ` (${read.detail})` : ''}.`, 'It may have changed since it was indexed; search again.');
  }
  // The indexing pass's own redaction step, so a passage shows secrets exactly as the index does:
  // replaced by `[secret: kind]` placeholders that keep the line count.
  const lines = (await redactSource(found.rel, read.text, read.document)).text.split('\n');
  if (start > lines.length) {
    throw new ToolError(`${found.rel} has ${lines.length} lines; startLine ${start} is past its end.`, 'Use the line numbers of a search result.');
  }
  let last = Math.min(end, lines.length, start + READ_MAX_LINES - 1);
  let text = lines.slice(start - 1, last).join('\n');
  if (text.length > READ_MAX_CHARS) {
    text = text.slice(0, READ_MAX_CHARS);
    last = start + text.split('\n').length - 1;
    text = lines.slice(start - 1, last).join('\n').slice(0, READ_MAX_CHARS);
  }
  return { folder: found.f.folder, path: found.rel, startLine: start, endLine: last, totalLines: lines.length, text, truncated: last < Math.min(end, lines.length) };
}
