import { join } from 'node:path';
import { LoreStore } from './store';
import { KeywordIndex, NO_GENERATION } from './keyword';
import type { Embedder } from './embedder';
import { chunkSetFingerprint } from './fingerprint';
import { SerialQueue } from './serialQueue';
import { runUpdate, type UpdateReport, type UpdateRequest } from './update';
import { retrieve, type RetrievalDeps, type RetrievalOptions } from '../chat/retrieval';
import { describeError } from './describeError';
import { prefixesFor } from './modelPrefixes';
import { RedactionCounts, type RedactionTotals } from './redactionCounts';
import type { Chunk, DiscoveryOptions, RetrievedChunk, SearchMode } from './types';

const KEYWORD_SAVE_DELAY_MS = 30_000;
const KEYWORD_LAZY_SAVE_FROM = 20_000;

export interface FolderIndexOptions {
  /** Absolute path of the folder to index. */
  folder: string;
  /** Where this folder's index lives (see defaultIndexDir). */
  indexDir: string;
  /** Embedding model name; part of the index identity. */
  model: string;
  /** null: keyword-only (Ollama unreachable or not wanted). */
  embedder: Embedder | null;
  discovery?: DiscoveryOptions;
  log?: (message: string) => void;
  /**
   * A save folds every change into a new segment and rewrites keyword.bin: at 200k chunks that holds
   * the thread ~0.6 s, every KEYWORD_SAVE_DELAY_MS while the user edits. Saves of a segment of at
   * least this many chunks with fewer than 1/20 as many changes leave the file as it is: the next
   * open catches up from the store instead (reconcileKeywordIndex). Default 20,000.
   */
  keywordLazySaveFrom?: number;
}

export interface SearchOptions {
  mode?: SearchMode;
  k?: number;
  scope?: 'all' | 'code' | 'docs';
  activeFile?: string;
  recentFiles?: string[];
  signal?: AbortSignal;
  /** Retrieval knobs for experiments (the eval compares variants with them). */
  retrieval?: Pick<RetrievalOptions, 'completeScores' | 'fusion' | 'weights' | 'candidates'>;
}

export interface SearchResult {
  hits: RetrievedChunk[];
  /** The mode actually used (keyword when vectors were unavailable). */
  mode: SearchMode;
  /** Why the requested mode could not be used. */
  fallbackReason?: string;
}

export interface FolderIndexStatus {
  folder: string;
  indexDir: string;
  files: number;
  chunks: number;
  withVectors: number;
  model: string | null;
  dims: number | null;
  bytesOnDisk: number;
  vectorsUnavailable?: string;
  /** Secrets inside indexed text replaced by placeholders (discovery/secretsInText.ts). */
  redactions?: RedactionTotals;
}

/**
 * One indexed folder: the store (vectors + manifest), the keyword index beside it, and the embedder.
 * Updates are serialised; searches run at any time against the last applied state.
 */
export class FolderIndex {
  private readonly queue = new SerialQueue();
  private saveTimer: NodeJS.Timeout | undefined;
  private keywordDirty = false;
  /** keyword.bin was left behind the in-memory index on purpose (a small change; see keywordLazySaveFrom). */
  private keywordFileBehind = false;
  /** Per-file counts of redacted secrets (redactions.json beside the index). */
  private redactions: RedactionCounts | undefined;

  private constructor(
    private readonly opts: FolderIndexOptions,
    private readonly store: LoreStore,
    private readonly keyword: KeywordIndex,
    private embedder: Embedder | null,
    /** Why vectors are not available in this session (Ollama down, model missing). */
    public vectorsUnavailable: string | undefined,
    /** Files whose stored chunks were lost (corrupt shard); the next update re-indexes them. */
    private readonly damagedFiles: string[],
  ) {}

  static async open(opts: FolderIndexOptions, signal?: AbortSignal): Promise<FolderIndex> {
    let identity: { model: string; dims: number } | null = null;
    let unavailable: string | undefined;
    let embedder = opts.embedder;
    if (embedder) {
      try {
        identity = { model: indexModelName(opts.model, embedder.prefixes.document), dims: await embedder.probeDimensions(signal) };
      } catch (err) {
        if (signal?.aborted) throw err;
        unavailable = describeError(err);
        embedder = null;
      }
    }
    const opened = await LoreStore.open(join(opts.indexDir, 'vectors'), identity);
    if (opened.rebuilt) opts.log?.(`Index rebuilt from scratch: ${opened.reason ?? 'identity changed'}`);
    if (opened.damagedFiles.length) opts.log?.(`${opened.damagedFiles.length} file(s) lost from a damaged shard; re-indexing them`);
    const keyword = await KeywordIndex.load(join(opts.indexDir, 'keyword'));
    const index = new FolderIndex(opts, opened.store, keyword, embedder, unavailable, opened.damagedFiles);
    await index.reconcileKeywordIndex(opened.rebuilt);
    index.redactions = await RedactionCounts.load(opts.indexDir);
    return index;
  }

  get folder(): string {
    return this.opts.folder;
  }

  /** Full scan (new, changed, deleted files) or, with `paths`, just those files. */
  update(request: Omit<UpdateRequest, 'damagedFiles'> = {}): Promise<UpdateReport> {
    return this.queue.run(async () => {
      const report = await runUpdate(
        {
          folder: this.opts.folder,
          store: this.store,
          keyword: this.keyword,
          embedder: this.embedder,
          documentPrefix: this.opts.embedder?.prefixes.document,
          discovery: this.opts.discovery,
          log: this.opts.log,
          redactions: this.redactions,
        },
        { ...request, damagedFiles: this.damagedFiles.splice(0) },
      );
      if (!report.vectors && this.embedder && report.vectorsError) {
        this.vectorsUnavailable = report.vectorsError;
      }
      this.scheduleKeywordSave(report.filesIndexed + report.filesRemoved > 0, request.paths === undefined);
      await this.redactions?.save();
      return report;
    });
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const wanted: SearchMode = options.mode ?? 'hybrid';
    let fallbackReason: string | undefined;
    let vectorSearch: RetrievalDeps['vectorSearch'];
    let vectorSearchScored: RetrievalDeps['vectorSearchScored'];
    const embedder = this.embedder;
    if (wanted !== 'keyword') {
      if (!embedder) fallbackReason = this.vectorsUnavailable ?? 'no embedding model configured';
      else if (this.store.stats().withVectors === 0) fallbackReason = 'the index has no vectors yet';
      else {
        try {
          const queryVector = await embedder.embedQuery(query, options.signal);
          vectorSearch = (_q, k, filter) => this.store.vectorSearch(queryVector, k, filter);
          vectorSearchScored = (_q, k, filter, scoreIds) => this.store.vectorSearchScored(queryVector, k, filter, scoreIds);
        } catch (err) {
          if (options.signal?.aborted) throw err;
          fallbackReason = describeError(err);
        }
      }
    }
    const mode: SearchMode = vectorSearch ? wanted : 'keyword';
    const hits = await retrieve(
      query,
      {
        vectorSearch,
        keywordSearch: (q, k, filter) => this.keyword.search(q, k, filter),
        vectorSearchScored,
        keywordSearchScored: (q, k, filter) => this.keyword.searchScored(q, k, filter),
        getChunks: (ids) => this.store.getChunks(ids),
      },
      {
        mode,
        k: options.k ?? 8,
        scope: options.scope,
        boosts: { activeFile: options.activeFile, recentFiles: options.recentFiles },
        ...options.retrieval,
      },
      options.signal,
    );
    return { hits, mode, fallbackReason };
  }

  /** Every indexed chunk, in store order (what `lore export` writes; skipped files are never in it). */
  allChunks(): AsyncIterable<Chunk> {
    return this.store.allChunks();
  }

  status(): FolderIndexStatus {
    const s = this.store.stats();
    const id = this.store.identity();
    return {
      folder: this.opts.folder,
      indexDir: this.opts.indexDir,
      files: s.files,
      chunks: s.chunks,
      withVectors: s.withVectors,
      model: id?.model ?? null,
      dims: id?.dims ?? null,
      bytesOnDisk: s.bytesOnDisk,
      vectorsUnavailable: this.vectorsUnavailable,
      redactions: this.redactions?.totals() ?? { secrets: 0, files: 0 },
    };
  }

  async close(): Promise<void> {
    clearTimeout(this.saveTimer);
    await this.queue.run(async () => {
      if (this.keywordDirty) await this.saveKeyword();
      await this.store.close();
    });
  }

  /**
   * Saving the keyword index serialises all of it (about a second at 50k chunks), so small watcher
   * updates save after a quiet period instead of every time; a full scan saves at once. Losing an
   * unsaved keyword index in a crash costs only a rebuild from the store on the next open, because
   * its generation no longer matches the manifest.
   */
  private scheduleKeywordSave(changed: boolean, now: boolean): void {
    if (!changed && !this.keywordDirty && (this.keywordFileBehind || this.keyword.generation === this.manifestFingerprint())) return;
    this.keywordDirty = true;
    clearTimeout(this.saveTimer);
    const save = () => this.queue.run(() => this.saveKeyword()).catch((err: unknown) => this.opts.log?.(`Saving the keyword index failed: ${describeError(err)}`));
    if (now) void save();
    else this.saveTimer = setTimeout(() => void save(), KEYWORD_SAVE_DELAY_MS).unref();
  }

  private manifestFingerprint(): number {
    const store = this.store;
    function* ids(): Generator<string> {
      for (const rec of store.files().values()) yield* rec.chunkIds;
    }
    return chunkSetFingerprint(ids());
  }

  /** The keyword index is derived data: rebuild it from the store when it does not match. */
  private async reconcileKeywordIndex(storeRebuilt: boolean): Promise<void> {
    const expected = this.manifestFingerprint();
    if (!storeRebuilt && this.keyword.generation === expected) return;
    if (!storeRebuilt && this.keyword.generation !== NO_GENERATION && this.keyword.size > 0) {
      // An intact file of this store, behind it (a small change left unsaved, or another process
      // committed since): catch up, at a cost that follows the difference, not the index.
      await this.syncKeywordWithStore();
      this.keywordFileBehind = true;
      if (this.keyword.changesSinceMerge > 0) this.scheduleKeywordSave(true, false);
      return;
    }
    this.keyword.clear();
    const batch = [];
    for await (const chunk of this.store.allChunks()) {
      batch.push(chunk);
      if (batch.length >= 1000) await this.keyword.addInSlices(batch.splice(0));
    }
    await this.keyword.addInSlices(batch);
    if (this.keyword.size) this.opts.log?.(`Keyword index rebuilt (${this.keyword.size} chunks)`);
    try {
      await this.saveKeyword();
    } catch (err) {
      // A read-only or full index directory must not stop search: the rebuilt index serves from
      // memory, and the next open that can write saves it (its file still does not match).
      this.keywordDirty = false;
      this.opts.log?.(`Saving the rebuilt keyword index failed: ${describeError(err)}`);
    }
  }

  /**
   * Another process (a second window, the CLI) may have committed to the store since this index was
   * loaded; its chunks are in the manifest we refreshed but not in our keyword index. Catch up, so
   * that what we save is complete and our generation stamp tells the truth.
   */
  private async syncKeywordWithStore(): Promise<void> {
    const wanted = new Set<string>();
    for (const rec of this.store.files().values()) for (const id of rec.chunkIds) wanted.add(id);
    const extra = [...this.keyword.ids()].filter((id) => !wanted.has(id));
    if (extra.length) this.keyword.remove(extra);
    const missing = [...wanted].filter((id) => !this.keyword.has(id));
    if (missing.length) await this.keyword.addInSlices(await this.store.getChunks(missing));
  }

  /** Runs in the update queue (or before the index is shared), so nothing changes the keyword index meanwhile. */
  private async saveKeyword(): Promise<void> {
    await this.syncKeywordWithStore();
    await this.keyword.vacuum();
    const lazyFrom = this.opts.keywordLazySaveFrom ?? KEYWORD_LAZY_SAVE_FROM;
    const segment = this.keyword.segmentSize;
    if (this.keyword.generation !== NO_GENERATION && segment >= lazyFrom && this.keyword.changesSinceMerge * 20 < segment) {
      this.keywordFileBehind = true;
      this.keywordDirty = false;
      return;
    }
    // Stamp what the keyword index holds, not what the manifest says: if they differ, the next
    // open sees the mismatch and rebuilds instead of trusting an incomplete file.
    this.keyword.generation = chunkSetFingerprint(this.keyword.ids());
    await this.keyword.save(join(this.opts.indexDir, 'keyword'));
    this.keywordDirty = false;
    this.keywordFileBehind = false;
  }
}

/**
 * The model part of the index identity. A custom document prefix changes every vector, so it is part
 * of the identity (a change rebuilds the index); with the model's default prefix it is just the name.
 */
export function indexModelName(model: string, documentPrefix: string): string {
  return documentPrefix === prefixesFor(model).document ? model : `${model} (document prefix ${JSON.stringify(documentPrefix)})`;
}
