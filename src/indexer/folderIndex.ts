import { join } from 'node:path';
import { LoreStore, describeDamage, type ShardDamage } from './store';
import { openFolderStore, swapInRebuilt } from './folderStore';
import { DeferredKeywordIndex, KeywordIndex, NO_GENERATION } from './keyword';
import type { Embedder } from './embedder';
import { chunkSetFingerprint } from './fingerprint';
import { SerialQueue } from './serialQueue';
import { runUpdate, type UpdateReport, type UpdateRequest } from './update';
import { searchFolder, type SearchRequest, type SearchResult, type Searcher } from './search';
import { describeError } from './describeError';
import { indexModelName } from './modelPrefixes';
import { RedactionCounts } from './redactionCounts';
import type { FolderIndexOptions, FolderIndexStatus } from './folderIndexTypes';
import type { Chunk } from './types';

const KEYWORD_SAVE_DELAY_MS = 30_000;
const KEYWORD_LAZY_SAVE_FROM = 20_000;

export type { FolderIndexOptions, FolderIndexStatus } from './folderIndexTypes';

/**
 * One indexed folder: the store (vectors + manifest), the keyword index beside it, and the embedder.
 * Updates are serialised; searches run at any time against the last applied state.
 */
export class FolderIndex implements Searcher {
  private readonly queue = new SerialQueue();
  private saveTimer: NodeJS.Timeout | undefined;
  private keywordDirty = false;
  /** keyword.bin was left behind the in-memory index on purpose (a small change; see keywordLazySaveFrom). */
  private keywordFileBehind = false;
  /** Lines the user should see whatever the log level (damage, repairs, a rebuild started). */
  readonly notices: string[] = [];
  private damage: ShardDamage[] = [];
  /** Damage the user was told about already (opts.notice). */
  private readonly noticed = new Set<ShardDamage>();
  private replacing: string | undefined;
  /** While replacing: the old index (read-only, keyword side), which answers this process's searches. */
  private previous: FolderIndex | undefined;
  private keywordDir = '';
  /** Per-file counts of redacted secrets (redactions.json beside the index). */
  private redactions: RedactionCounts | undefined;

  private constructor(
    private readonly opts: FolderIndexOptions,
    private store: LoreStore,
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
    const opened = await openFolderStore(opts, identity);
    for (const n of opened.notices) opts.log?.(n);
    if (opened.mismatch) {
      // Vectors of another model (or size) would give meaningless scores: keyword side only.
      unavailable = opened.mismatch;
      embedder = null;
    }
    const keyword = opts.keywordOnDemand && !opts.readOnly ? await DeferredKeywordIndex.open(opened.keywordDir) : await KeywordIndex.load(opened.keywordDir);
    const index = new FolderIndex(opts, opened.store, keyword, embedder, unavailable, opened.damagedFiles);
    index.notices.push(...opened.notices);
    index.damage = opened.damage;
    for (const d of opened.damage) index.noticed.add(d); // said by the open's notices
    index.replacing = opened.replacing;
    if (opened.replacing) {
      index.previous = await FolderIndex.open({ ...opts, embedder: null, readOnly: true, log: undefined });
      index.previous.vectorsUnavailable = `rebuilding the index for ${identity?.model ?? opts.model}; keyword results from the previous one meanwhile`;
    }
    index.keywordDir = opened.keywordDir;
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
      if (this.opts.readOnly) throw new Error(`the index in ${this.opts.indexDir} was opened read-only`);
      // Shards are checked in the background after open: damage they hold is re-indexed by this pass.
      await this.store.verify();
      this.noticeDamage('re-indexing them');
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
        { ...request, damagedFiles: [...this.damagedFiles.splice(0), ...this.store.takeDamagedFiles()] },
      );
      if (!report.cancelled) this.damage = [];
      await this.finishReplacement(report, request.paths === undefined);
      if (!report.vectors && this.embedder && report.vectorsError) {
        this.vectorsUnavailable = report.vectorsError;
      }
      this.scheduleKeywordSave(report.filesIndexed + report.filesRemoved > 0, request.paths === undefined);
      await this.redactions?.save();
      return report;
    });
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    if (this.previous) return this.previous.search(request);
    await this.keyword.materialize();
    return searchFolder({ store: this.store, keyword: this.keyword, embedder: this.embedder, vectorsUnavailable: this.vectorsUnavailable }, request);
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
      damage: this.damageLine(),
      replacing: this.replacing,
      redactions: this.redactions?.totals() ?? { secrets: 0, files: 0 },
    };
  }

  /**
   * Wait for the store's background verification (every shard checked against its checksums) and
   * say any damage found since open that the user was not told about yet (opts.notice).
   */
  async verify(): Promise<void> {
    await this.store.verify();
    this.noticeDamage('the next index pass re-indexes them');
  }

  private noticeDamage(outcome: string): void {
    this.damageLine();
    const fresh = this.damage.filter((d) => !this.noticed.has(d));
    for (const d of fresh) this.noticed.add(d);
    if (fresh.length) this.opts.notice?.(`${describeDamage(fresh)}; ${outcome}`);
  }

  async close(): Promise<void> {
    clearTimeout(this.saveTimer);
    if (this.opts.notice) await this.verify();
    await this.previous?.close();
    await this.queue.run(async () => {
      if (this.keywordDirty && !this.opts.readOnly) await this.saveKeyword();
      await this.store.close();
    });
  }

  /** The damage found since open, in one line (undefined when none). */
  private damageLine(): string | undefined {
    this.damage.push(...this.store.takeLateDamage());
    return this.damage.length ? describeDamage(this.damage) : undefined;
  }

  /**
   * A complete full pass into an index built beside the old one (other embedding model): swap it
   * in (see swapInRebuilt) and continue on it. Until now the old index answered other processes.
   */
  private async finishReplacement(report: UpdateReport, fullScan: boolean): Promise<void> {
    if (!this.replacing || !fullScan || report.cancelled || report.vectorsError) return;
    await this.saveKeyword();
    const id = this.store.identity();
    const previous = this.previous;
    this.previous = undefined;
    await previous?.close();
    await this.store.close();
    await swapInRebuilt(this.opts.indexDir);
    this.store = (await LoreStore.open(join(this.opts.indexDir, 'vectors'), id && { model: id.model, dims: id.dims })).store;
    this.keywordDir = join(this.opts.indexDir, 'keyword');
    this.opts.log?.(`The index built with ${id?.model ?? 'the new model'} replaced the old one`);
    this.replacing = undefined;
  }

  /**
   * Saving the keyword index serialises all of it (about a second at 50k chunks), so small watcher
   * updates save after a quiet period instead of every time; a full scan saves at once. Losing an
   * unsaved keyword index in a crash costs only a rebuild from the store on the next open, because
   * its generation no longer matches the manifest.
   */
  private scheduleKeywordSave(changed: boolean, now: boolean): void {
    if (this.opts.readOnly) return;
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
    await this.keyword.materialize(); // out of step: the catch-up below needs all of it
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
    if (this.opts.readOnly) return; // serves from memory; a write open saves it
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
    const k = this.keyword;
    if (k instanceof DeferredKeywordIndex && k.deferred) {
      // Opened deferred and in step with the store then: what changed since mirrors the store's
      // changes, so base + journal = the manifest's chunk set; a journal of a few chunks is saved
      // instead of a merged segment, unless the changes are big enough to be worth a merge.
      const generation = k.journalGeneration();
      if (generation === this.manifestFingerprint() && k.journalShare() * 20 < 1) {
        await k.saveJournal(generation);
        this.keywordDirty = false;
        this.keywordFileBehind = false;
        return;
      }
      await k.materialize();
    }
    await this.syncKeywordWithStore();
    await this.keyword.vacuum();
    const lazyFrom = this.opts.keywordLazySaveFrom ?? KEYWORD_LAZY_SAVE_FROM;
    const segment = this.keyword.segmentSize;
    // A process that exits after its pass (keywordOnDemand) saves whole instead: a file left behind
    // would cost every later process a catch-up from the store, and keep its passes from deferring.
    if (!this.opts.keywordOnDemand && this.keyword.generation !== NO_GENERATION && segment >= lazyFrom && this.keyword.changesSinceMerge * 20 < segment) {
      this.keywordFileBehind = true;
      this.keywordDirty = false;
      return;
    }
    // Stamp what the keyword index holds, not what the manifest says: if they differ, the next
    // open sees the mismatch and rebuilds instead of trusting an incomplete file.
    this.keyword.generation = chunkSetFingerprint(this.keyword.ids());
    await this.keyword.save(this.keywordDir);
    this.keywordDirty = false;
    this.keywordFileBehind = false;
  }
}
