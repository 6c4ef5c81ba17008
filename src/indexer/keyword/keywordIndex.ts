import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { Chunk, ChunkKind } from '../types';
import { removeStaleTemps, writeFileAtomic } from './atomicWrite';
import { internalsOf } from './internals';
import { TopKScorer } from './scorer';
import { selectTerms } from './termStats';
import { queryTerms, stemTerm, tokenizeCode } from './tokenize';

/** What a search filter may look at; the same shape the vector side filters on. */
export interface ChunkMeta {
  path: string;
  kind: ChunkKind;
  language: string;
}
export type ChunkFilter = (c: ChunkMeta) => boolean;

export interface KeywordHit {
  id: string;
  score: number;
}

interface KeywordDoc extends ChunkMeta {
  id: string;
  text: string;
  symbol: string;
}

export const KEYWORD_FILE = 'keyword.json';

/**
 * Bump when the tokenizer, stemming, fields or boosts change: postings written by an older analyser
 * would no longer meet the terms a new query produces, so such a file is discarded and rebuilt.
 */
const FORMAT_VERSION = 1;

/** Generation of an index that matches no manifest (new, discarded or recovered). */
export const NO_GENERATION = -1;

/**
 * A symbol or path hit says more than a word somewhere in the body: `EmbeddingCache` named in the
 * symbol is what the chunk is about, a file named `store.ts` is about storing.
 */
const FIELD_BOOST = { text: 1, symbol: 3, path: 2 };

const OPTIONS: Options<KeywordDoc> = {
  fields: ['text', 'symbol', 'path'],
  storeFields: ['path', 'kind', 'language'],
  tokenize: tokenizeCode,
  processTerm: stemTerm,
  searchOptions: { boost: FIELD_BOOST, combineWith: 'OR' },
  // minisearch 7.2's automatic vacuum walks the term tree in batches with pauses between them; a
  // document added during a pause can split a tree node under its iterator, and the vacuum then
  // throws an unhandled rejection that kills the CLI mid-index (seen with two writers). Lore
  // vacuums explicitly instead, when nothing else touches the index (see vacuum()).
  autoVacuum: false,
};

/** Vacuum once discarded documents are this many and this share of the index (minisearch's defaults). */
const VACUUM_MIN_DIRT = 20;
const VACUUM_MIN_DIRT_FACTOR = 0.1;

interface PersistedIndex {
  version: number;
  generation: number;
  index: AsPlainObject;
}

function isPersistedIndex(value: unknown): value is PersistedIndex {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PersistedIndex>;
  const idx = v.index as Partial<AsPlainObject> | undefined;
  return (
    typeof v.generation === 'number' &&
    typeof idx === 'object' &&
    idx !== null &&
    Array.isArray(idx.index) &&
    typeof idx.documentIds === 'object' &&
    idx.documentIds !== null &&
    typeof idx.documentCount === 'number' &&
    Object.keys(idx.documentIds).length === idx.documentCount
  );
}

/**
 * Persisted BM25 keyword index over chunks (minisearch), with a code-aware tokenizer. Derived data:
 * the orchestrator stamps `generation` with the manifest state it mirrors and rebuilds on mismatch.
 * Updates are incremental: removal discards documents, whose postings vacuum() cleans up later.
 */
export class KeywordIndex {
  generation = NO_GENERATION;
  /** True when the file on disk was unreadable and this index started empty instead. */
  readonly recoveredFromCorruption: boolean;
  private ms: MiniSearch<KeywordDoc>;
  private readonly scorer = new TopKScorer();

  private constructor(ms: MiniSearch<KeywordDoc>, recovered: boolean) {
    this.ms = ms;
    this.recoveredFromCorruption = recovered;
  }

  static empty(): KeywordIndex {
    return new KeywordIndex(new MiniSearch(OPTIONS), false);
  }

  /** The index saved in `dir`; an empty one when there is none, it is corrupt or of another format. */
  static async load(dir: string): Promise<KeywordIndex> {
    const file = join(dir, KEYWORD_FILE);
    await removeStaleTemps(file);
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return KeywordIndex.empty();
      throw err;
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!isPersistedIndex(parsed)) return new KeywordIndex(new MiniSearch(OPTIONS), true);
      if (parsed.version !== FORMAT_VERSION) return KeywordIndex.empty();
      // The async loader yields between batches, so opening a large index does not freeze the host.
      const ms = await MiniSearch.loadJSAsync<KeywordDoc>(parsed.index, OPTIONS);
      const index = new KeywordIndex(ms, false);
      index.generation = parsed.generation;
      return index;
    } catch {
      // Unparseable or structurally broken: the index is derived data, so start empty and say so.
      return new KeywordIndex(new MiniSearch(OPTIONS), true);
    }
  }

  get size(): number {
    return this.ms.documentCount;
  }

  has(id: string): boolean {
    return this.ms.has(id);
  }

  /** Ids of every chunk in the index (for checking it against the store). */
  *ids(): Generator<string> {
    const internals = internalsOf(this.ms);
    if (internals) {
      for (const id of internals._documentIds.values()) yield id as string;
      return;
    }
    yield* Object.values(this.ms.toJSON().documentIds) as string[];
  }

  /** Index chunks; an id already present is skipped (ids hash the content, so it is the same chunk). */
  add(chunks: readonly Chunk[]): void {
    const docs: KeywordDoc[] = [];
    const seen = new Set<string>();
    for (const c of chunks) {
      if (seen.has(c.id) || this.ms.has(c.id)) continue;
      seen.add(c.id);
      docs.push({ id: c.id, text: c.text, symbol: c.symbol ?? '', path: c.path, kind: c.kind, language: c.language });
    }
    this.ms.addAll(docs);
  }

  /** Forget chunks by id; unknown ids are ignored. */
  remove(ids: readonly string[]): void {
    this.ms.discardAll(ids.filter((id) => this.ms.has(id)));
  }

  /**
   * Clean the postings of discarded documents when there are enough of them. Runs in batches with
   * pauses; the caller must not add or remove documents until it resolves (FolderIndex calls it in
   * its update queue, before saving).
   */
  async vacuum(): Promise<void> {
    const dirt = this.ms.dirtCount;
    if (dirt < VACUUM_MIN_DIRT || dirt / (1 + this.ms.documentCount + dirt) < VACUUM_MIN_DIRT_FACTOR) return;
    await this.ms.vacuum();
  }

  clear(): void {
    this.ms = new MiniSearch(OPTIONS);
    this.generation = NO_GENERATION;
  }

  /** Best `k` chunks for `query` (BM25 over text, symbol and path), best first. */
  search(query: string, k: number, filter?: ChunkFilter): KeywordHit[] {
    if (k <= 0) return [];
    const terms = selectTerms(this.ms, queryTerms(query));
    if (terms.length === 0) return [];
    const internals = internalsOf(this.ms);
    if (internals) return this.scorer.search(internals, terms, k, FIELD_BOOST, this.ms.dirtCount === 0, filter);
    return this.referenceSearch(terms, k, filter);
  }

  /**
   * minisearch's own ranking of already-analysed terms: the fallback when its internals are not
   * readable, and the reference the top-k scorer is tested against.
   */
  referenceSearch(terms: readonly string[], k: number, filter?: ChunkFilter): KeywordHit[] {
    const results = this.ms.search(terms.join(' '), {
      tokenize: () => [...terms],
      processTerm: (t) => t,
      // A zero document boost skips a chunk before minisearch builds a result for it.
      boostDocument: filter ? (_id, _term, stored) => (filter(stored as unknown as ChunkMeta) ? 1 : 0) : undefined,
    });
    return results.slice(0, k).map((r) => ({ id: r.id as string, score: r.score }));
  }

  /** Write `dir/keyword.json` atomically (temp file, fsync, rename). */
  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const persisted: PersistedIndex = { version: FORMAT_VERSION, generation: this.generation, index: this.ms.toJSON() };
    await writeFileAtomic(join(dir, KEYWORD_FILE), JSON.stringify(persisted));
  }
}
