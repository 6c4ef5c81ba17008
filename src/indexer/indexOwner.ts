import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { atomicWriteFile } from '../util/atomicFile';

/** Beside `vectors/` and `keyword/`: the folder(s) an index belongs to. */
export const OWNER_FILE = 'folder.json';

interface OwnerJson {
  folders: string[];
}

/** Opening an index that was built for another folder (e.g. LORE_INDEX_DIR left pointing at it). */
export class IndexOwnerError extends Error {
  constructor(readonly indexDir: string, readonly folder: string, readonly owners: string[]) {
    super(
      `the index in ${indexDir} belongs to ${owners.join(', ')}, not ${folder}; ` +
        'pass --index-dir (or unset LORE_INDEX_DIR) to use this folder\'s own index',
    );
    this.name = 'IndexOwnerError';
  }
}

/** The folders recorded in `indexDir`, or undefined when none are (an index older than the record). */
export async function readOwners(indexDir: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await fs.readFile(join(indexDir, OWNER_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(text) as Partial<OwnerJson>;
    return Array.isArray(j.folders) && j.folders.every((f) => typeof f === 'string') ? j.folders : undefined;
  } catch {
    return undefined; // unreadable: treat as unrecorded, a write open records it again
  }
}

/** Throws IndexOwnerError when `indexDir` records other folders than `folder`. Reads only. */
export async function checkOwner(indexDir: string, folder: string): Promise<void> {
  const owners = await readOwners(indexDir);
  const abs = resolve(folder);
  if (owners && owners.length && !owners.map((o) => resolve(o)).includes(abs)) throw new IndexOwnerError(indexDir, abs, owners);
}

/** Record `folder` as the owner of `indexDir` (a write open, once; the directory exists). */
export async function recordOwner(indexDir: string, folder: string): Promise<void> {
  const owners = await readOwners(indexDir);
  const abs = resolve(folder);
  if (owners?.includes(abs)) return;
  await atomicWriteFile(join(indexDir, OWNER_FILE), JSON.stringify({ folders: [...(owners ?? []), abs] } satisfies OwnerJson));
}
