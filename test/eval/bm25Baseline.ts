import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';

/**
 * The reference a keyword index must at least match: BM25 over whole files, as a search engine
 * would do it out of the box. minisearch with its default tokenizer (split at spaces and
 * punctuation, lower-cased), default BM25 parameters and default OR query; each file is one
 * document whose fields are its path and its full text (the path as a field, as retrieval baselines
 * such as SWE-bench's BM25 do).
 */
export class WholeFileBm25 {
  private constructor(private readonly ms: MiniSearch<{ id: string; path: string; text: string }>) {}

  static async build(folder: string, files: readonly string[]): Promise<WholeFileBm25> {
    const ms = new MiniSearch<{ id: string; path: string; text: string }>({ fields: ['path', 'text'] });
    for (const path of files) ms.add({ id: path, path, text: await readFile(join(folder, path), 'utf8') });
    return new WholeFileBm25(ms);
  }

  /** Paths of the best `k` files, best first. */
  search(query: string, k: number): { path: string }[] {
    return this.ms.search(query).slice(0, k).map((r) => ({ path: r.id as string }));
  }
}
