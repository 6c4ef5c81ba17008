import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { indexDirName } from './indexLocation';
import { FolderIndex } from './folderIndex';
import { DEFAULT_SEARCH_K, type SearchRequest, type SearchResult, type Searcher } from './search';
import { isInside, relativeInside } from '../util/pathSafety';
import type { Embedder } from './embedder';
import type { UpdateReport } from './update';
import { describeError } from './describeError';
import type { DiscoveryOptions, IndexProgress, RetrievedChunk } from './types';

export interface FolderRef {
  /** Display name (the workspace folder's name). */
  name: string;
  /** Absolute path. */
  path: string;
}

export interface WorkspaceIndexOptions {
  /** Where per-folder indexes live (the extension's workspace storage). */
  storageDir: string;
  /** A fresh embedder for the current settings (null: keyword-only). */
  makeEmbedder: () => { embedder: Embedder | null; model: string };
  discovery: () => DiscoveryOptions;
  log: (message: string) => void;
  /** Quiet time before a batch of changed paths is applied. */
  debounceMs?: number;
  /** How often to retry embedding while Ollama is unreachable. */
  retryMs?: number;
}

export interface WorkspaceStatus {
  state: 'indexing' | 'ready' | 'paused' | 'error' | 'idle';
  filesDone: number;
  filesTotal: number;
  chunks: number;
  message?: string;
  /** Damage found in an index (one line); the pass that runs after open re-indexes what it cost. */
  damage?: string;
}

export type FolderHit = RetrievedChunk & { folder: string; folderName: string };

interface Entry {
  ref: FolderRef;
  index: FolderIndex;
  progress?: IndexProgress;
  error?: string;
}

/**
 * All folders of a (multi-root) workspace: one FolderIndex each, kept fresh from batches of changed
 * paths, searched together. Pure (no `vscode`): the extension feeds it folders and file events.
 */
export class WorkspaceIndex implements Searcher<FolderHit> {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(s: WorkspaceStatus) => void>();
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private disposed = false;

  constructor(private readonly opts: WorkspaceIndexOptions) {}

  onStatus(listener: (s: WorkspaceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  folders(): FolderRef[] {
    return [...this.entries.values()].map((e) => e.ref);
  }

  folderIndex(path: string): FolderIndex | undefined {
    return this.entries.get(path)?.index;
  }

  indexDirFor(folder: FolderRef): string {
    return join(this.opts.storageDir, indexDirName(folder.path));
  }

  /** Opens indexes for new folders (and indexes them), closes those of removed folders. */
  async setFolders(folders: FolderRef[]): Promise<void> {
    const wanted = new Set(folders.map((f) => f.path));
    for (const [path, entry] of this.entries) {
      if (!wanted.has(path)) {
        this.entries.delete(path);
        await entry.index.close();
      }
    }
    const added = folders.filter((f) => !this.entries.has(f.path));
    await Promise.all(added.map((f) => this.open(f)));
    this.emit();
    await Promise.all(added.map((f) => this.updateFolder(f.path, {})));
  }

  /** Files created, changed or deleted (absolute paths); applied after a quiet period, batched. */
  pathsChanged(paths: string[]): void {
    for (const p of paths) this.pending.add(p);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flushPaths(), this.opts.debounceMs ?? 400);
  }

  async flushPaths(): Promise<void> {
    const paths = [...this.pending];
    this.pending.clear();
    for (const entry of this.entries.values()) {
      const mine = paths.filter((p) => isInside(entry.ref.path, p));
      if (mine.length) await this.updateFolder(entry.ref.path, { paths: mine });
    }
  }

  /** Rescan every folder (settings that change which files are indexed). */
  async rescanAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((p) => this.updateFolder(p, {})));
  }

  /** Reopen with a fresh embedder and rescan (model/host changed, or Ollama is back). */
  async reopenAll(): Promise<void> {
    const refs = this.folders();
    for (const e of this.entries.values()) await e.index.close();
    this.entries.clear();
    await this.setFolders(refs);
  }

  /**
   * Rebuild from scratch into a fresh directory while the old index keeps answering; swap when done.
   * Cancelling leaves the old index as it was.
   */
  async rebuildAll(signal: AbortSignal, onProgress?: (folder: FolderRef, p: IndexProgress) => void): Promise<UpdateReport[]> {
    const reports: UpdateReport[] = [];
    for (const entry of [...this.entries.values()]) {
      const dir = this.indexDirFor(entry.ref);
      const nextDir = `${dir}.next`;
      await rm(nextDir, { recursive: true, force: true });
      const { embedder, model } = this.opts.makeEmbedder();
      const fresh = await FolderIndex.open({ folder: entry.ref.path, indexDir: nextDir, model, embedder, discovery: this.opts.discovery(), log: this.opts.log }, signal);
      try {
        const report = await fresh.update({ signal, onProgress: (p) => onProgress?.(entry.ref, p) });
        if (report.cancelled || signal.aborted) throw new DOMException('Re-index cancelled', 'AbortError');
        reports.push(report);
      } catch (err) {
        await fresh.close();
        await rm(nextDir, { recursive: true, force: true });
        throw err;
      }
      await fresh.close();
      await entry.index.close();
      // Rename, then delete: the old index is never gone before the new one is in place (other
      // processes' readers keep their open files either way).
      const old = `${dir}.old-${process.pid}-${Date.now()}`;
      await rename(dir, old).catch(() => undefined);
      await rename(nextDir, dir);
      await rm(old, { recursive: true, force: true });
      await this.open(entry.ref);
    }
    this.emit();
    // Per folder, what was embedded now and what came from the cache (Re-index says so at the end).
    return reports;
  }

  /**
   * Search every folder and merge by score. Paths are absolute: the editor's files are mapped into
   * each folder, and a `pathPrefix` searches only the folder that holds it (innermost), or the folders
   * inside it.
   */
  async search(request: SearchRequest): Promise<SearchResult<FolderHit>> {
    const results = await Promise.all(
      this.targets(request.pathPrefix).map(async ({ entry: e, pathPrefix }) => {
        // The editor names files by absolute path; each folder's index knows them relative to itself.
        const inFolder = (abs: string): string | undefined => relativeInside(e.ref.path, abs) || undefined;
        const activeFile = request.activeFile === undefined ? undefined : inFolder(request.activeFile);
        const recentFiles = request.recentFiles?.flatMap((f) => inFolder(f) ?? []);
        const r = await e.index.search({ ...request, activeFile, recentFiles, pathPrefix });
        return { ...r, hits: r.hits.map((h) => ({ ...h, folder: e.ref.path, folderName: e.ref.name })) };
      }),
    );
    const hits = results.flatMap((r) => r.hits).sort((a, b) => b.score - a.score).slice(0, request.k ?? DEFAULT_SEARCH_K);
    const fallback = results.find((r) => r.fallbackReason);
    return { hits, mode: fallback?.mode ?? request.mode ?? 'hybrid', fallbackReason: fallback?.fallbackReason };
  }

  /** The folders a search with this (absolute) path prefix covers, each with the prefix inside it. */
  private targets(prefix: string | undefined): { entry: Entry; pathPrefix?: string }[] {
    const entries = [...this.entries.values()];
    if (prefix === undefined) return entries.map((entry) => ({ entry }));
    const holders = entries
      .map((entry) => ({ entry, rel: relativeInside(entry.ref.path, prefix) }))
      .filter((h): h is { entry: Entry; rel: string } => h.rel !== undefined)
      .sort((a, b) => b.entry.ref.path.length - a.entry.ref.path.length);
    if (holders.length) return [{ entry: holders[0].entry, pathPrefix: holders[0].rel || undefined }];
    return entries.filter((e) => isInside(prefix, e.ref.path)).map((entry) => ({ entry }));
  }

  status(): WorkspaceStatus {
    const s = this.baseStatus();
    const damage = [...this.entries.values()].map((e) => e.index.status().damage).find((d) => d !== undefined);
    return damage ? { ...s, damage } : s;
  }

  private baseStatus(): WorkspaceStatus {
    const entries = [...this.entries.values()];
    if (entries.length === 0) return { state: 'idle', filesDone: 0, filesTotal: 0, chunks: 0 };
    const chunks = entries.reduce((n, e) => n + e.index.status().chunks, 0);
    const running = entries.filter((e) => e.progress?.status === 'indexing');
    const failed = entries.find((e) => e.error);
    const paused = entries.find((e) => e.index.vectorsUnavailable);
    if (running.length) {
      return {
        state: 'indexing',
        chunks,
        filesDone: running.reduce((n, e) => n + (e.progress?.filesDone ?? 0), 0),
        filesTotal: running.reduce((n, e) => n + (e.progress?.filesTotal ?? 0), 0),
      };
    }
    if (failed) return { state: 'error', filesDone: 0, filesTotal: 0, chunks, message: failed.error };
    if (paused) return { state: 'paused', filesDone: 0, filesTotal: 0, chunks, message: paused.index.vectorsUnavailable };
    return { state: 'ready', filesDone: 0, filesTotal: 0, chunks };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    this.abort.abort();
    for (const e of this.entries.values()) await e.index.close().catch(() => undefined);
    this.entries.clear();
  }

  private async open(ref: FolderRef): Promise<void> {
    const { embedder, model } = this.opts.makeEmbedder();
    const index = await FolderIndex.open(
      { folder: ref.path, indexDir: this.indexDirFor(ref), model, embedder, discovery: this.opts.discovery(), log: this.opts.log },
      this.abort.signal,
    );
    this.entries.set(ref.path, { ref, index });
  }

  private async updateFolder(path: string, req: { paths?: string[] }): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry || this.disposed) return;
    try {
      entry.error = undefined;
      const report = await entry.index.update({
        ...req,
        signal: this.abort.signal,
        onProgress: (p) => {
          entry.progress = { ...p };
          this.emit();
        },
      });
      entry.progress = undefined;
      this.opts.log(
        `${entry.ref.name}: ${report.filesIndexed} files indexed, ${report.filesRemoved} removed, ${report.embedded} chunks embedded in ${Math.round(report.durationMs)} ms`,
      );
    } catch (err) {
      entry.progress = undefined;
      if (this.abort.signal.aborted) return;
      entry.error = describeError(err);
      this.opts.log(`${entry.ref.name}: indexing failed: ${entry.error}`);
    }
    this.emit();
    this.scheduleRetry();
  }

  /** While vectors are unavailable (Ollama down), try again now and then; the keyword index keeps working. */
  private scheduleRetry(): void {
    const waiting = [...this.entries.values()].some((e) => e.index.vectorsUnavailable);
    if (!waiting || this.retryTimer || this.disposed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reopenAll();
    }, this.opts.retryMs ?? 30_000);
  }

  private emit(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
