/**
 * Module paths a query names in dotted form (`pkg.sub.mod`, `from pkg.sub import x`,
 * `crate::net::http`), as folder-relative path stems: `pkg/sub/mod`. Python, Java, Rust, C#, Go and
 * JavaScript reports name modules this way in imports, tracebacks and prose; the file behind one
 * is `pkg/sub/mod.py` (or `pkg/sub/mod/__init__.py`, `mod/index.ts`, `mod/mod.rs`).
 */

/** Two or more name segments joined by `.` or `::`. */
const DOTTED = /(?<![\w.:/])[A-Za-z_][\w]*(?:(?:\.|::)[A-Za-z_][\w]*)+(?![\w(])/g;
const MAX_MODULE_HINTS = 16;
/** Names that begin a dotted expression but never a module path in a workspace. */
const NOT_A_MODULE = new Set(['self', 'this', 'cls', 'super', 'np', 'pd', 'plt', 'os', 'sys', 'e', 'i', 'x', 'y', 'z']);

/**
 * Distinct stems, longest first per name: `a.b.c` gives `a/b/c` and `a/b` (the last segment may
 * be a function or class of module `a/b`). Single-segment prefixes are never emitted: `numpy`
 * alone says nothing about a file.
 */
export function modulePathStems(query: string): string[] {
  const out = new Set<string>();
  for (const m of query.matchAll(DOTTED)) {
    const parts = m[0].split(/\.|::/);
    if (NOT_A_MODULE.has(parts[0]) || parts.some((p) => p.length === 0)) continue;
    // `e.g`, `i.e`, version-like or file-name-like (`setup.py`) dotted words are not modules.
    if (parts.length === 2 && parts[1].length <= 3 && parts[1] === parts[1].toLowerCase()) continue;
    for (let n = parts.length; n >= 2; n--) out.add(parts.slice(0, n).join('/'));
    if (out.size >= MAX_MODULE_HINTS) break;
  }
  return [...out].slice(0, MAX_MODULE_HINTS);
}

/** Files that stand for a package folder. */
const PACKAGE_FILE = /^(__init__\.py|index\.[cm]?[jt]sx?|mod\.rs|package-info\.java)$/;

/** Whether `path` (folder-relative, POSIX) is the module a stem names: `stem.ext` or `stem/<package file>`, at a segment boundary. */
export function stemMatchesPath(stem: string, path: string): boolean {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const withoutExt = dot > 0 ? path.slice(0, slash + 1 + dot) : path;
  const atBoundary = (p: string) => p === stem || p.endsWith(`/${stem}`);
  if (atBoundary(withoutExt)) return true;
  return PACKAGE_FILE.test(base) && slash > 0 && atBoundary(path.slice(0, slash));
}
