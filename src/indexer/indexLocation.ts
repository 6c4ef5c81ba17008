import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { normalizeHost } from '../ollama/host';

/** The user's cache directory, following the platform's convention. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches');
  return env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
}

/**
 * Where the index of `folder` lives when nobody says otherwise: outside the user's repository, one
 * directory per folder, named so that a human can tell which folder it belongs to.
 */
export function defaultIndexDir(folder: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.LORE_INDEX_DIR) {
    const dir = resolve(env.LORE_INDEX_DIR);
    // A directory of indexes (like the default cache directory): each folder gets its own in it.
    return isDirectoryOfIndexes(dir) ? (indexOwnedBy(dir, folder) ?? join(dir, indexDirName(folder))) : dir;
  }
  return join(userCacheDir(env), 'lore', 'indexes', indexDirName(folder));
}

/** `<folder name>-<hash of its path>`: unique per folder, and a human can tell which folder it is. */
export function indexDirName(folder: string): string {
  const abs = resolve(folder);
  const id = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  const name = basename(abs).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return `${name}-${id}`;
}

/** Index parts: a directory holding any of them is one index, not a directory of indexes. */
const INDEX_PARTS = ['vectors', 'keyword', 'folder.json'];

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * True when `dir` holds indexes rather than being one: no index part of its own, and at least one
 * subdirectory that has one. An empty or missing directory is taken as one index (as before).
 */
export function isDirectoryOfIndexes(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  if (names.some((n) => INDEX_PARTS.includes(n))) return false;
  return names.some((n) => isDir(join(dir, n)) && INDEX_PARTS.some((part) => statOk(join(dir, n, part))));
}

/** The index in `dir` whose folder.json records `folder`, if any. */
function indexOwnedBy(dir: string, folder: string): string | undefined {
  const abs = resolve(folder);
  for (const n of readdirSync(dir)) {
    try {
      const j = JSON.parse(readFileSync(join(dir, n, 'folder.json'), 'utf8')) as { folders?: unknown };
      if (Array.isArray(j.folders) && j.folders.includes(abs)) return join(dir, n);
    } catch {
      // not an index, or one without the record
    }
  }
  return undefined;
}

function statOk(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Ollama host from a flag, else OLLAMA_HOST (which may omit the scheme or port), else the default. */
export function resolveOllamaHost(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return normalizeHost(flag ?? env.OLLAMA_HOST);
}
