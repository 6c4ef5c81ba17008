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

/**
 * Compiles globs over root-relative POSIX paths. picomatch's own `basename` option would apply to
 * every pattern (also `src/**`), so slashless patterns get a `**\/` prefix instead.
 */
export function compileGlobs(patterns: readonly string[], opts: { nocase?: boolean } = {}): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const globs = patterns.map((p) => (p.includes('/') ? p.replace(/^\//, '') : `**/${p}`));
  return picomatch(globs, { dot: true, nocase: opts.nocase ?? false });
}

export function compileUserGlobs(include: readonly string[] = [], exclude: readonly string[] = []): UserGlobs {
  const excludes = exclude.map((p) => ({ pattern: p, match: compileGlobs([p]) }));
  const included = include.length === 0 ? undefined : compileGlobs(include);
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
