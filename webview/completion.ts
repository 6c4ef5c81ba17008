/**
 * Completion of what the composer understands as you type: `@docs`, `@code`, `@folder:<name>` and
 * workspace file names after `@`. Pure matching here (unit-tested); the popup lives in composer.ts.
 */
import { t } from './i18n';

export interface Completion {
  /** Text that replaces the typed token. */
  insert: string;
  /** What the list shows. */
  label: string;
  detail: string;
}

const MAX_ITEMS = 8;

/** The `@…` token that ends at `caret`, with where it starts; undefined when the caret is not in one. */
export function tokenAt(text: string, caret: number): { start: number; token: string } | undefined {
  const before = text.slice(0, caret);
  const m = /(?:^|\s)(@[^\s]*)$/.exec(before);
  if (!m) return undefined;
  return { start: caret - m[1]!.length, token: m[1]! };
}

/** Suggestions for a typed `@…` token, scopes first, then folders, then files (name matches first). */
export function completionsFor(token: string, folders: readonly string[], files: readonly string[]): Completion[] {
  const q = token.slice(1).toLowerCase();
  const out: Completion[] = [];
  const scopes: Completion[] = [
    { insert: '@docs ', label: '@docs', detail: t('searchDocsOnly') },
    { insert: '@code ', label: '@code', detail: t('searchCodeOnly') },
  ];
  for (const s of scopes) if (s.label.slice(1).startsWith(q)) out.push(s);
  const folderQuery = q.startsWith('folder:') ? q.slice(7) : q;
  for (const f of folders) {
    if ('folder:'.startsWith(q) || f.toLowerCase().startsWith(folderQuery)) {
      out.push({ insert: `@folder:${f} `, label: `@folder:${f}`, detail: t('searchFolderOnly') });
    }
  }
  if (q.length >= 1 && !q.startsWith('folder:')) {
    const byName: Completion[] = [];
    const byPath: Completion[] = [];
    for (const path of files) {
      const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
      if (name.startsWith(q)) byName.push(fileItem(path));
      else if (path.toLowerCase().includes(q)) byPath.push(fileItem(path));
      if (byName.length >= MAX_ITEMS) break;
    }
    out.push(...byName, ...byPath);
  }
  return out.slice(0, MAX_ITEMS);
}

function fileItem(path: string): Completion {
  const slash = path.lastIndexOf('/');
  return { insert: `${path} `, label: path.slice(slash + 1), detail: slash > 0 ? path.slice(0, slash) : t('file') };
}
