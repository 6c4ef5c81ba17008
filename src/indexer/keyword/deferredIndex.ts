import { join } from 'node:path';
import { adjustFingerprint } from '../fingerprint';
import { removeDeadTemps } from '../../util/atomicFile';
import { JournalChanges, readJournal, writeJournal } from './journal';
import { KEYWORD_FILE, KEYWORD_FORMAT_VERSION, KeywordIndex, NO_GENERATION } from './keywordIndex';
import type { KeywordDoc } from './options';
import { Segment } from './segment';
import { readSegmentStamp } from './segmentFile';

/**
 * A keyword index for a writing pass that most likely changes a few files (`lore index` run again):
 * opening reads keyword.bin's header and its journal only, adds and removes are collected, and a
 * save writes them as the journal (keyword/journal.ts) instead of merging and rewriting the whole
 * segment. Loading 7 MB of postings at 30k chunks (~0.2 s), catching up from the store and merging
 * on save are left to whoever searches, or to a pass that changes enough to be worth a merge.
 * Anything else the index is asked first needs materialize().
 */
export class DeferredKeywordIndex extends KeywordIndex {
  private pending: { dir: string; base: { generation: number; crc: number; docCount: number }; changes: JournalChanges } | undefined;
  private loading: Promise<void> | undefined;

  /** Deferred when keyword.bin is intact and stamped; otherwise loaded whole (KeywordIndex.load). */
  static async open(dir: string): Promise<KeywordIndex> {
    await removeDeadTemps(dir); // of a writer killed mid-save
    const base = await readSegmentStamp(join(dir, KEYWORD_FILE), KEYWORD_FORMAT_VERSION);
    if (!base || base.generation === NO_GENERATION) return KeywordIndex.load(dir);
    const journal = await readJournal(dir, base);
    const index = new DeferredKeywordIndex(Segment.empty(), false);
    index.pending = { dir, base, changes: new JournalChanges(journal) };
    index.generation = journal?.generation ?? base.generation;
    return index;
  }

  override get deferred(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Load keyword.bin and apply what was collected. If it was replaced since open (another writer),
   * what is there now is adopted with its own generation, which tells the caller to catch up.
   */
  override materialize(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    const p = this.pending;
    if (!p) return;
    const decoded = await KeywordIndex.decodeFile(join(p.dir, KEYWORD_FILE));
    this.pending = undefined;
    if (decoded === undefined || decoded === 'corrupt' || !decoded.ok) return this.clear();
    this.adopt(decoded.segment);
    if (decoded.crc !== p.base.crc) {
      this.generation = decoded.generation; // the collected changes are the store's: a catch-up redoes them
      return;
    }
    this.remove([...p.changes.removed]);
    this.addDocs([...p.changes.added.values()]);
  }

  override remove(ids: readonly string[]): void {
    if (this.pending) this.pending.changes.remove(ids);
    else super.remove(ids);
  }

  protected override addDocs(docs: readonly KeywordDoc[]): void {
    if (this.pending) this.pending.changes.add(docs);
    else super.addDocs(docs);
  }

  /**
   * The generation the index will have once the collected changes apply, assuming they mirror the
   * store's since open (it then equals the manifest's fingerprint: the caller checks).
   */
  journalGeneration(): number {
    const p = this.loaded(false);
    return adjustFingerprint(p.base.generation, p.changes.removed, p.changes.added.keys());
  }

  /** Collected changes as a share of the base segment (past ~1/20 a merge and a whole save pay off). */
  journalShare(): number {
    const p = this.loaded(false);
    return p.changes.size / Math.max(1, p.base.docCount);
  }

  /** Write the collected changes as keyword.bin's journal, stamped `generation`. */
  async saveJournal(generation: number): Promise<void> {
    const p = this.loaded(false);
    await writeJournal(p.dir, { base: { generation: p.base.generation, crc: p.base.crc }, generation, removed: [...p.changes.removed], added: [...p.changes.added.values()] });
    this.generation = generation;
  }

  override has(id: string): boolean {
    this.loaded(true);
    return super.has(id);
  }

  override *ids(): Generator<string> {
    this.loaded(true);
    yield* super.ids();
  }

  override search(...args: Parameters<KeywordIndex['search']>): ReturnType<KeywordIndex['search']> {
    this.loaded(true);
    return super.search(...args);
  }

  override searchScored(...args: Parameters<KeywordIndex['searchScored']>): ReturnType<KeywordIndex['searchScored']> {
    this.loaded(true);
    return super.searchScored(...args);
  }

  override save(dir: string): Promise<void> {
    this.loaded(true);
    return super.save(dir);
  }

  override clear(): void {
    this.pending = undefined;
    super.clear();
  }

  /** Guards the two states: the journal methods need the deferred one, everything else the loaded one. */
  private loaded(wanted: true): void;
  private loaded(wanted: false): NonNullable<DeferredKeywordIndex['pending']>;
  private loaded(wanted: boolean): NonNullable<DeferredKeywordIndex['pending']> | void {
    if (wanted && this.pending) throw new Error('the keyword index is not loaded: await materialize() first');
    if (!wanted) {
      if (!this.pending) throw new Error('the keyword index is loaded: its changes are saved whole, not as a journal');
      return this.pending;
    }
  }
}
