/**
 * PathFilter: discover()'s path rules for ONE path, for the file watcher (a file saved, created or
 * renamed). It applies the built-in excludes, every .gitignore/.loreignore on the way from the root,
 * the user's globs and the secret patterns to the path and to each of its parent directories, so
 * it answers what discover() would (a file below a skipped directory gets that directory's reason).
 *
 * Not covered, by design: size and content (readTextFile() checks those when the file is read) and
 * symlinks (resolving every parent on each event costs more than the rare linked path is worth).
 *
 * Ignore files are read lazily and synchronously, once per directory, because check() is sync;
 * they are a few small files per path. Call reload() after an ignore file or a vendor manifest
 * (go.mod, composer.json, Gemfile) changes.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiscoveryOptions, SkippedFile, SkipReason } from '../types';
import { GITIGNORE, IgnoreState, INFO_EXCLUDE, LOREIGNORE } from './ignoreFiles';
import { loadIgnoreSourcesSync } from './loadIgnores';
import { PathRules } from './pathRules';

export interface PathFilter {
  /** Reason `relPath` (relative to the root, POSIX; a trailing '/' means a directory) is skipped, if any. */
  check(relPath: string): SkipReason | undefined;
  /** Like check(), with the detail (matching rule, file and line) for "why is this not indexed?". */
  explain(relPath: string): SkippedFile | undefined;
  /** Forget cached ignore files. */
  reload(): Promise<void>;
}

export async function createPathFilter(root: string, opts: DiscoveryOptions = {}): Promise<PathFilter> {
  const rootAbs = path.resolve(root);
  const rules = new PathRules(opts);
  const states = new Map<string, IgnoreState>();

  const readOptional = (file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined; // missing or unreadable: ignores nothing, as in discover()
    }
  };
  /** Ignore rules in force inside directory `dir` ('' = root), whose parent's state is `parent`. */
  const stateOf = (dir: string, parent: IgnoreState): IgnoreState => {
    let state = states.get(dir);
    if (!state) {
      const sources = loadIgnoreSourcesSync(dir === '', (name) => readOptional(path.join(rootAbs, dir, name)));
      state = parent.child(dir, sources);
      states.set(dir, state);
    }
    return state;
  };

  const explain = (relPath: string): SkippedFile | undefined => {
    const isDir = relPath.endsWith('/');
    const rel = normalize(relPath);
    if (rel === undefined) return { path: relPath, reason: 'outside-root', detail: 'not below the folder' };
    const parts = rel.split('/');
    let state = stateOf('', IgnoreState.EMPTY);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (i === parts.length && !isDir) break;
      const parentAbs = path.join(rootAbs, ...parts.slice(0, i - 1));
      const skip = rules.checkDir(dir, state, (name) => existsSync(path.join(parentAbs, name)));
      if (skip) return { path: `${dir}/`, ...skip };
      if (i < parts.length) state = stateOf(dir, state);
    }
    if (isDir) return undefined;
    const skip = rules.checkFile(rel, state);
    return skip ? { path: rel, ...skip } : undefined;
  };

  // The root's rules apply to every path: read them now, asynchronously.
  const loadRoot = async () => {
    const read = (name: string) => fs.readFile(path.join(rootAbs, name), 'utf8').catch(() => undefined);
    const [gitignore, loreignore, infoExclude] = await Promise.all([read(GITIGNORE), read(LOREIGNORE), read(INFO_EXCLUDE)]);
    states.clear();
    states.set('', IgnoreState.EMPTY.child('', { gitignore, loreignore, infoExclude }));
  };
  await loadRoot();
  return { check: (relPath) => explain(relPath)?.reason, explain, reload: loadRoot };
}

/** 'a/b.ts', './a/b.ts', 'a\\b.ts' (Windows) -> 'a/b.ts'; undefined when it leaves the root. */
function normalize(relPath: string): string | undefined {
  const posix = process.platform === 'win32' ? relPath.replace(/\\/g, '/') : relPath;
  const parts = posix.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..') || path.isAbsolute(relPath)) return undefined;
  return parts.join('/');
}
