/**
 * Which ignore files to read in a directory. discover() reads them asynchronously (it already knows
 * the directory's entries); the PathFilter reads them synchronously because its check() is sync.
 */
import { GITIGNORE, INFO_EXCLUDE, LOREIGNORE, type IgnoreSources } from './ignoreFiles';

/** `read(name)` resolves to the text of `name` (relative to the directory), or undefined. */
export async function loadIgnoreSources(
  names: ReadonlySet<string>,
  isRoot: boolean,
  read: (name: string) => Promise<string | undefined>,
): Promise<IgnoreSources> {
  const [gitignore, loreignore, infoExclude] = await Promise.all([
    names.has(GITIGNORE) ? read(GITIGNORE) : undefined,
    names.has(LOREIGNORE) ? read(LOREIGNORE) : undefined,
    isRoot && names.has('.git') ? read(INFO_EXCLUDE) : undefined,
  ]);
  return { gitignore, loreignore, infoExclude };
}

/** Same as loadIgnoreSources() for a reader that returns undefined for missing files. */
export function loadIgnoreSourcesSync(isRoot: boolean, read: (name: string) => string | undefined): IgnoreSources {
  return {
    gitignore: read(GITIGNORE),
    loreignore: read(LOREIGNORE),
    infoExclude: isRoot ? read(INFO_EXCLUDE) : undefined,
  };
}
