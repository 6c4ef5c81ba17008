/**
 * The path-only rules, shared by discover() (walking) and the PathFilter (one path at a time), so
 * both give the same answer. The order fixes which single reason a skip reports: built-in excludes,
 * secrets, name-based binary/minified/generated, ignore files, then the user's globs.
 *
 * A `.loreignore` negation that names a path itself (`!build/`, `!tools/vendor/`, `!yarn.lock`)
 * overrides the built-in name rules for it, the escape hatch for a project whose `build/` holds
 * sources. Secrets can never be re-included.
 */
import type { DiscoveryOptions } from '../types';
import { builtinDirSkip, builtinFileSkip, type Skip } from './builtinRules';
import type { IgnoreState } from './ignoreFiles';
import { secretMatcher } from './secrets';
import { compileUserGlobs, type UserGlobs } from './userGlobs';

export class PathRules {
  private readonly isSecret: (relPath: string) => boolean;
  private readonly globs: UserGlobs;

  constructor(opts: DiscoveryOptions = {}) {
    this.isSecret = secretMatcher(opts.secretPatterns);
    this.globs = compileUserGlobs(opts.include, opts.exclude);
  }

  /**
   * Verdict for directory `relDir` (never the root), judged with the ignore rules of its parent;
   * `hasSibling` tells whether its parent directory holds an entry of that name.
   */
  checkDir(relDir: string, ignores: IgnoreState, hasSibling: (name: string) => boolean): Skip | undefined {
    const builtin = builtinDirSkip(basename(relDir), hasSibling);
    if (builtin && !ignores.loreReincludes(relDir, true)) return builtin;
    return ignores.test(relDir, true) ?? this.globs.checkDir(relDir);
  }

  /** Verdict for file `relPath`, judged with the ignore rules of its directory. */
  checkFile(relPath: string, ignores: IgnoreState): Skip | undefined {
    const name = basename(relPath);
    // Secrets cannot be re-included; the other built-in rules yield to a .loreignore negation.
    const builtin = builtinFileSkip(name);
    const reincluded = builtin !== undefined && ignores.loreReincludes(relPath, false);
    if (builtin?.reason === 'builtin-exclude' && !reincluded) return builtin;
    if (this.isSecret(relPath)) return { reason: 'secret' };
    return (reincluded ? undefined : builtin) ?? ignores.test(relPath, false) ?? this.globs.checkFile(relPath);
  }

  /** A symlink is also judged by what it points to, so `config -> .env` stays out. */
  isSecretTarget(realRelPath: string): boolean {
    return this.isSecret(realRelPath);
  }
}

export function basename(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}
