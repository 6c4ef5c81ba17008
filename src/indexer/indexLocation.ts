import { createHash } from 'node:crypto';
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
  if (env.LORE_INDEX_DIR) return resolve(env.LORE_INDEX_DIR);
  const abs = resolve(folder);
  const id = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  const name = basename(abs).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return join(userCacheDir(env), 'lore', 'indexes', `${name}-${id}`);
}

/** Ollama host from a flag, else OLLAMA_HOST (which may omit the scheme or port), else the default. */
export function resolveOllamaHost(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return normalizeHost(flag ?? env.OLLAMA_HOST);
}
