/**
 * .gitignore / .loreignore rules with git's semantics, on top of the `ignore` package.
 *
 * Every rule is rewritten to be relative to the indexed root (a pattern in `sub/.gitignore` only
 * applies below `sub/`), and all rules that apply to a directory go into one `ignore` instance, in
 * increasing precedence: `.git/info/exclude`, the `.gitignore` files from the root down, then the
 * `.loreignore` files from the root down. Last match wins, so a deeper file overrides a shallower
 * one and `.loreignore` overrides (and can re-include from) `.gitignore`. As in git, nothing below
 * an excluded directory can be re-included: `ignore` propagates a parent's exclusion, and the walk
 * does not descend into it.
 */
import ignore, { type Ignore } from 'ignore';
import type { Skip } from './builtinRules';

export const GITIGNORE = '.gitignore';
export const LOREIGNORE = '.loreignore';
/** Relative to the root; read only at the root. */
export const INFO_EXCLUDE = '.git/info/exclude';

/** Texts of the ignore files found in one directory. */
export interface IgnoreSources {
  infoExclude?: string;
  gitignore?: string;
  loreignore?: string;
}

interface Rule {
  pattern: string;
  /** `<file>:<line>`, reported as the skip detail. */
  mark: string;
}

// git matches case-insensitively where the file system is (core.ignorecase), which is the default
// on Windows and macOS; `ignore` would otherwise always ignore case.
const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** Escapes glob syntax in a directory name used as a pattern prefix (e.g. Next.js `[id]/`). */
function escapeGlob(dir: string): string {
  return dir.replace(/[\\*?[\]!#]/g, '\\$&');
}

/** Rewrites one line of the ignore file in directory `dir` ('' = root) to a root-relative pattern. */
export function scopePattern(line: string, dir: string): string | undefined {
  // git trims unescaped trailing spaces; do it here too, since anchoring depends on the end.
  let body = line.replace(/\r$/, '').replace(/(?<!\\) +$/, '');
  if (body === '' || body.startsWith('#')) return undefined;
  if (dir === '') return body;
  let negation = '';
  if (body.startsWith('!')) {
    negation = '!';
    body = body.slice(1);
  }
  // A slash at the start or in the middle anchors the pattern to its directory; otherwise it
  // matches at any depth below it.
  const anchored = body.replace(/\/$/, '').includes('/');
  if (anchored) {
    body = body.replace(/^\//, '');
    if (body === '' || body === '/') return undefined;
    return `${negation}${escapeGlob(dir)}/${body}`;
  }
  return `${negation}${escapeGlob(dir)}/**/${body}`;
}

function parse(text: string | undefined, dir: string, file: string): Rule[] {
  if (text === undefined) return [];
  const mark = dir === '' ? file : `${dir}/${file}`;
  const rules: Rule[] = [];
  // git skips a UTF-8 BOM at the start of an ignore file.
  text.replace(/^\uFEFF/, '').split('\n').forEach((line, i) => {
    const pattern = scopePattern(line, dir);
    if (pattern !== undefined) rules.push({ pattern, mark: `${mark}:${i + 1}` });
  });
  return rules;
}

/** The ignore rules in force inside one directory. Immutable; children share it when they add nothing. */
export class IgnoreState {
  static readonly EMPTY = new IgnoreState([], [], undefined, undefined);

  private constructor(
    private readonly gitRules: readonly Rule[],
    private readonly loreRules: readonly Rule[],
    private readonly matcher: Ignore | undefined,
    /** .loreignore rules alone, to find its re-includes of built-in excludes (`!build/`). */
    private readonly loreMatcher: Ignore | undefined,
  ) {}

  /** The state inside directory `dir` (relative, '' = root) given the ignore files found there. */
  child(dir: string, sources: IgnoreSources): IgnoreState {
    const git = [...parse(sources.infoExclude, '', INFO_EXCLUDE), ...parse(sources.gitignore, dir, GITIGNORE)];
    const lore = parse(sources.loreignore, dir, LOREIGNORE);
    if (git.length === 0 && lore.length === 0) return this;
    const gitRules = [...this.gitRules, ...git];
    const loreRules = [...this.loreRules, ...lore];
    // allowRelativePaths: our paths are already root-relative; never let a path check throw mid-walk.
    const options = { ignorecase: IGNORE_CASE, allowRelativePaths: true };
    const matcher = ignore(options).add([...gitRules, ...loreRules]);
    const loreMatcher = loreRules.some((r) => r.pattern.startsWith('!')) ? ignore(options).add(loreRules) : undefined;
    return new IgnoreState(gitRules, loreRules, matcher, loreMatcher);
  }

  /** True when a `.loreignore` negation names this path itself, overriding a built-in exclude. */
  loreReincludes(relPath: string, isDir: boolean): boolean {
    return this.loreMatcher?.test(isDir ? `${relPath}/` : relPath).unignored ?? false;
  }

  /** Verdict for a root-relative path; `isDir` matters for patterns with a trailing slash. */
  test(relPath: string, isDir: boolean): Skip | undefined {
    if (!this.matcher) return undefined;
    const result = this.matcher.test(isDir ? `${relPath}/` : relPath);
    if (!result.ignored) return undefined;
    const mark = result.rule?.mark ?? '';
    const fromLore = mark.slice(mark.lastIndexOf('/') + 1).startsWith(`${LOREIGNORE}:`);
    return { reason: fromLore ? 'loreignore' : 'gitignore', detail: `${mark} ${result.rule?.pattern ?? ''}`.trim() };
  }
}
