import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import type { Chunk } from '../types';
import { atomicWriteFile, removeDeadTemps } from '../../util/atomicFile';
import { internalsOf } from './internals';
import { FIELD_BOOST, FIELDS, KEYWORD_OPTIONS, type KeywordDoc } from './options';
import { TopKScorer, type ChunkFilter, type KeywordHit } from './scorer';
import { FIELD_COUNT, Segment } from './segment';
import { mergeSegment } from './segmentBuild';
import { decodeSegment, encodeSegment, type DecodedSegment } from './segmentFile';
import { readJournal, removeJournal } from './journal';
import { selectTerms } from './termStats';
import { queryTerms } from './tokenize';

export type { ChunkMeta } from './options';
export type { ChunkFilter, KeywordHit } from './scorer';

export const KEYWORD_FILE = 'keyword.bin';
/** What versions before the frozen segment wrote (a minisearch JSON dump); deleted after a save. */
const LEGACY_FILE = 'keyword.json';

/**
 * Bump when the tokenizer, stemming, fields, boosts or the file layout change: postings written by
 * an older analyser would no longer meet the terms a new query produces, so such a file is
 * discarded and rebuilt.
 */
export const KEYWORD_FORMAT_VERSION = 4;
const FORMAT_VERSION = KEYWORD_FORMAT_VERSION;

/** Generation of an index that matches no manifest (new, discarded or recovered). */
export const NO_GENERATION = -1;

/**
 * The live layer is merged into the frozen segment once it holds this many chunks. minisearch
 * costs ~3.5 KB of heap per chunk against ~0.5 KB frozen; a merge costs a pass over all postings.
 */
const LIVE_MAX_DOCS = 20_000;
/** Chunks indexed per slice by addInSlices: ~20-40 ms of work. */
const ADD_SLICE = 128;

/** Vacuum the live layer once discarded documents are this many and this share of it (minisearch's defaults). */
const VACUUM_MIN_DIRT = 20;
const VACUUM_MIN_DIRT_FACTOR = 0.1;

/**
 * Persisted BM25 keyword index over chunks, with a code-aware tokenizer. Two layers: a frozen
 * segment (typed-array postings, see Segment) holding the bulk, and a live minisearch that indexes
 * new chunks; removing a frozen chunk marks it deleted. Saving (or a live layer past
 * LIVE_MAX_DOCS) merges both into a new segment. Derived data: the orchestrator stamps `generation`
 * with the manifest state it mirrors and rebuilds on mismatch.
 */
export class KeywordIndex {
  generation = NO_GENERATION;
  /** True when the file on disk was unreadable and this index started empty instead. */
  readonly recoveredFromCorruption: boolean;
  protected segment = Segment.empty();
  /** Per segment ordinal: 1 once removed. */
  protected deleted = new Uint8Array(0);
  protected deletedCount = 0;
  /** Chunk id -> ordinal, for segment chunks not removed. */
  protected ordinals = new Map<string, number>();
  /** Per field, the summed length over segment chunks not removed. */
  protected readonly frozenLength = new Float64Array(FIELD_COUNT);
  protected live = new MiniSearch<KeywordDoc>(KEYWORD_OPTIONS);
  private readonly scorer = new TopKScorer();

  protected constructor(segment: Segment, recovered: boolean) {
    this.adopt(segment);
    this.recoveredFromCorruption = recovered;
  }

  static empty(): KeywordIndex {
    return new KeywordIndex(Segment.empty(), false);
  }

  /** The index saved in `dir` (keyword.bin and its journal); an empty one when there is none, it is corrupt or of another format. */
  static async load(dir: string): Promise<KeywordIndex> {
    await removeDeadTemps(dir); // of a writer killed mid-save
    const decoded = await KeywordIndex.decodeFile(join(dir, KEYWORD_FILE));
    // Damaged: the index is derived data, so start empty and say so; the orchestrator rebuilds.
    if (decoded === 'corrupt') return new KeywordIndex(Segment.empty(), true);
    if (!decoded?.ok) return KeywordIndex.empty();
    const index = new KeywordIndex(decoded.segment, false);
    index.generation = decoded.generation;
    const journal = await readJournal(dir, decoded);
    if (journal) {
      index.remove(journal.removed);
      index.addDocs(journal.added);
      index.generation = journal.generation;
    }
    return index;
  }

  /** keyword.bin decoded; undefined when there is none, 'corrupt' when it is damaged. */
  protected static async decodeFile(file: string): Promise<DecodedSegment | undefined | 'corrupt'> {
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return decodeSegment(raw, FORMAT_VERSION);
    } catch {
      return 'corrupt';
    }
  }

  /** Opened deferred (DeferredKeywordIndex) and its segment not loaded yet; materialize() loads it. */
  get deferred(): boolean {
    return false;
  }
  async materialize(): Promise<void> {}

  protected adopt(segment: Segment): void {
    this.segment = segment;
    this.deleted = new Uint8Array(segment.docCount);
    this.deletedCount = 0;
    this.ordinals = new Map(segment.data.ids.map((id, ordinal) => [id, ordinal]));
    this.frozenLength.fill(0);
    const lengths = segment.data.fieldLength;
    for (let i = 0; i < lengths.length; i++) this.frozenLength[i % FIELD_COUNT] += lengths[i];
  }

  /** Fold the live layer and the removals into a new segment. */
  private merge(): void {
    if (this.live.documentCount === 0 && this.live.dirtCount === 0 && this.deletedCount === 0) return;
    this.adopt(mergeSegment(this.segment, this.deleted, internalsOf(this.live)));
    this.live = new MiniSearch(KEYWORD_OPTIONS);
  }

  get size(): number {
    return this.ordinals.size + this.live.documentCount;
  }

  /** Chunks in the frozen segment, removed ones included (what a merge rewrites). */
  get segmentSize(): number {
    return this.segment.docCount;
  }

  /** Chunks added or removed since the segment was built: what a save would fold into it. */
  get changesSinceMerge(): number {
    return this.live.documentCount + this.live.dirtCount + this.deletedCount;
  }

  has(id: string): boolean {
    return this.ordinals.has(id) || this.live.has(id);
  }

  /** Ids of every chunk in the index (for checking it against the store). */
  *ids(): Generator<string> {
    yield* this.ordinals.keys();
    for (const id of internalsOf(this.live)._documentIds.values()) yield id as string;
  }

  /**
   * `add`, a slice at a time with a turn of the event loop between slices. minisearch indexes about
   * 5 chunks per millisecond, so a 4,000-chunk flush added at once held the thread for 0.6-1 s: in
   * the extension host every other extension, the embedding replies and searches waited.
   */
  async addInSlices(chunks: readonly Chunk[]): Promise<void> {
    for (let i = 0; i < chunks.length; i += ADD_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      this.add(chunks.slice(i, i + ADD_SLICE));
    }
  }

  /** Index chunks; an id already present is skipped (ids hash the content, so it is the same chunk). */
  add(chunks: readonly Chunk[]): void {
    this.addDocs(chunks.map((c) => ({ id: c.id, text: c.text, symbol: c.symbol ?? '', path: c.path, kind: c.kind, language: c.language })));
  }

  protected addDocs(all: readonly KeywordDoc[]): void {
    const docs: KeywordDoc[] = [];
    const seen = new Set<string>();
    for (const d of all) {
      if (seen.has(d.id) || this.has(d.id)) continue;
      seen.add(d.id);
      docs.push(d);
    }
    this.live.addAll(docs);
    if (this.live.documentCount >= LIVE_MAX_DOCS) this.merge();
  }

  /** Forget chunks by id; unknown ids are ignored. */
  remove(ids: readonly string[]): void {
    const lengths = this.segment.data.fieldLength;
    for (const id of ids) {
      if (this.live.has(id)) {
        this.live.discard(id);
        continue;
      }
      const ordinal = this.ordinals.get(id);
      if (ordinal === undefined) continue;
      this.ordinals.delete(id);
      this.deleted[ordinal] = 1;
      this.deletedCount++;
      for (let f = 0; f < FIELD_COUNT; f++) this.frozenLength[f] -= lengths[ordinal * FIELD_COUNT + f];
    }
  }

  /**
   * Clean the live layer's postings of discarded documents when there are enough of them. Runs in
   * batches with pauses; the caller must not add or remove documents until it resolves
   * (FolderIndex calls it in its update queue, before saving).
   */
  async vacuum(): Promise<void> {
    const dirt = this.live.dirtCount;
    if (dirt < VACUUM_MIN_DIRT || dirt / (1 + this.live.documentCount + dirt) < VACUUM_MIN_DIRT_FACTOR) return;
    await this.live.vacuum();
  }

  clear(): void {
    this.adopt(Segment.empty());
    this.live = new MiniSearch(KEYWORD_OPTIONS);
    this.generation = NO_GENERATION;
  }

  /** Best `k` chunks for `query` (BM25 over text, symbol and path), best first, each with its file. */
  search(query: string, k: number, filter?: ChunkFilter): (KeywordHit & { path: string })[] {
    const pathOf = this.pathResolver();
    return this.score(query, k, filter).map((h) => ({ ...h, path: pathOf(h.id) }));
  }

  /** minisearch's id -> short id map (not in its typed surface). */
  private liveShortIds(): Map<string, number> | undefined {
    return (this.live as unknown as { _idToShortId?: Map<string, number> })._idToShortId;
  }

  /** id -> file of an indexed chunk ('' when unknown); resolves the live layer's internals once per search. */
  private pathResolver(): (id: string) => string {
    const stored = internalsOf(this.live)._storedFields;
    const shortIds = this.liveShortIds();
    return (id) => {
      const ordinal = this.ordinals.get(id);
      if (ordinal !== undefined) return this.segment.pathOf(ordinal);
      const shortId = shortIds?.get(id);
      return (shortId === undefined ? undefined : (stored.get(shortId) as { path?: string } | undefined)?.path) ?? '';
    };
  }

  /**
   * `search`, plus the exact score of any other chunk for the same query (0 when no query term
   * matches it, it is filtered out or unknown), from the same pass over the postings. A snapshot:
   * chunks added later score 0.
   */
  searchScored(query: string, k: number, filter?: ChunkFilter): { hits: (KeywordHit & { path: string })[]; scoreOf: (id: string) => number } {
    const frozen = this.segment.docCount;
    const live = internalsOf(this.live);
    const all = new Float32Array(frozen + live._nextId);
    const ordinals = this.ordinals;
    const liveIds = this.liveShortIds();
    // Each hit names its file: the vector side then looks its score up in that file's shard only.
    const pathOf = this.pathResolver();
    const hits = this.score(query, k, filter, all).map((h) => ({ ...h, path: pathOf(h.id) }));
    return {
      hits,
      scoreOf: (id) => {
        const ordinal = ordinals.get(id);
        const doc = ordinal ?? (liveIds?.has(id) ? frozen + (liveIds.get(id) as number) : -1);
        return doc >= 0 && doc < all.length ? all[doc] : 0;
      },
    };
  }

  private score(query: string, k: number, filter?: ChunkFilter, out?: Float32Array): KeywordHit[] {
    if (k <= 0) return [];
    const live = internalsOf(this.live);
    const seg = this.segment;
    const total = this.size;
    const liveFields = FIELDS.map((name) => live._fieldIds[name]);
    const documentFrequency = (term: string): number => {
      const frozenTerm = seg.find(term);
      const liveData = live._index.get(term);
      let max = 0;
      for (let f = 0; f < FIELD_COUNT; f++) {
        max = Math.max(max, (frozenTerm < 0 ? 0 : seg.postingCount(frozenTerm, f)) + (liveData?.get(liveFields[f])?.size ?? 0));
      }
      return max;
    };
    const terms = selectTerms(total, queryTerms(query), documentFrequency);
    if (terms.length === 0 || total === 0) return [];
    const frozenDocs = this.ordinals.size;
    const liveDocs = this.live.documentCount;
    // With no frozen chunk, minisearch's own running average is used as is, as its search would.
    const avgLength = liveFields.map((id, f) => (frozenDocs === 0 ? live._avgFieldLength[id] ?? 0 : (this.frozenLength[f] + (live._avgFieldLength[id] ?? 0) * liveDocs) / total));
    return this.scorer.search({ segment: seg, deleted: this.deleted, deletedCount: this.deletedCount, live, total, avgLength }, terms, k, FIELD_BOOST, filter, out);
  }

  /** Merge the layers and write `dir/keyword.bin` atomically (temp file, fsync, rename). */
  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    this.merge();
    await atomicWriteFile(join(dir, KEYWORD_FILE), encodeSegment(this.segment, FORMAT_VERSION, this.generation));
    await removeJournal(dir); // of the file just replaced: everything it held is in the new one
    await rm(join(dir, LEGACY_FILE), { force: true });
  }
}
