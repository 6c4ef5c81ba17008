import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJournal } from './journal';
import { KEYWORD_FILE, KEYWORD_FORMAT_VERSION } from './keywordIndex';
import { decodeSegment } from './segmentFile';

/**
 * What `dir/keyword.bin` and its journal hold (chunk ids, generation), read without loading an index or touching
 * the directory: undefined when there is no file or it has another format; throws when damaged.
 * For tools that check an index on disk.
 */
export async function readSavedKeywordIndex(dir: string): Promise<{ ids: Set<string>; generation: number } | undefined> {
  let raw: Buffer;
  try {
    raw = await readFile(join(dir, KEYWORD_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const decoded = decodeSegment(raw, KEYWORD_FORMAT_VERSION);
  if (!decoded.ok) return undefined;
  const ids = new Set(decoded.segment.data.ids);
  const journal = await readJournal(dir, decoded);
  for (const id of journal?.removed ?? []) ids.delete(id);
  for (const d of journal?.added ?? []) ids.add(d.id);
  return { ids, generation: journal?.generation ?? decoded.generation };
}
