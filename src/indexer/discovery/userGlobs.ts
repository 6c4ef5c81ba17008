/**
 * The user's include/exclude globs (settings `lore.include` / `lore.exclude`). A pattern without a
 * slash matches the basename at any depth (`*.snap`), as in .gitignore; dot files are matched too.
 */
import picomatch from 'picomatch/posix';
import type { Skip } from './builtinRules';

export interface UserGlobs {
  /** Directories matched by an exclude pattern are skipped wholesale (`docs`, `docs/**`). */
  checkDir(relDir: string): Skip | undefined;
  checkFile(relPath: string): Skip | undefined;
}

const OPTIONS: picomatch.PicomatchOptions = { dot: true, basename: true };

export function compileUserGlobs(include: readonly string[] = [], exclude: readonly string[] = []): UserGlobs {
  const excludes = exclude.map((p) => ({ pattern: p, match: picomatch(p, OPTIONS) }));
  const included = include.length === 0 ? undefined : picomatch([...include], OPTIONS);
  const excludedBy = (rel: string) => excludes.find((e) => e.match(rel))?.pattern;
  return {
    checkDir(relDir) {
      const pattern = excludedBy(relDir);
      return pattern === undefined ? undefined : { reason: 'user-exclude', detail: `exclude ${pattern}` };
    },
    checkFile(relPath) {
      const pattern = excludedBy(relPath);
      if (pattern !== undefined) return { reason: 'user-exclude', detail: `exclude ${pattern}` };
      if (included && !included(relPath)) return { reason: 'user-exclude', detail: 'not matched by include' };
      return undefined;
    },
  };
}
