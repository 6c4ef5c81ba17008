import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import pLimit from 'p-limit';
import { createPathFilter, discover, summarizeSkips } from './discovery';
import { chunkDocument, chunkFile, languageForPath } from './chunking';
import { readSource } from './extract';
import type { LoreStore } from './store';
import type { KeywordIndex } from './keyword';
import type { Embedder } from './embedder';
import { embedChunks } from './embedChunks';
import { PendingWrites } from './pendingWrites';
import { describeKinds, redactSource } from './redactSource';
import type { RedactionCounts } from './redactionCounts';
import type { Chunk, DiscoveredFile, DiscoveryOptions, IndexProgress, IndexReport, SkippedFile } from './types';

export interface UpdateDeps {
  folder: string;
  store: LoreStore;
  keyword: KeywordIndex;
  embedder: Embedder | null;
  /** The configured embedder's document prefix, also when this session's embedder is unavailable. */
  documentPrefix?: string;
  discovery?: DiscoveryOptions;
  log?: (message: string) => void;
  /** Per-file counts of redacted secrets, kept up to date by the pass (FolderIndex saves them). */
  redactions?: RedactionCounts;
}

export interface UpdateRequest {
  /** Only these absolute or folder-relative paths (file watcher); otherwise a full scan. */
  paths?: string[];
  /** Files whose chunks were lost and must be re-indexed even if unchanged. */
  damagedFiles?: string[];
  signal?: AbortSignal;
  onProgress?: (p: IndexProgress) => void;
}

/** IndexReport plus why vectors could not be computed in this run, if they could not. */
export type UpdateReport = IndexReport & {
  vectorsError?: string;
  cancelled?: boolean;
  /** Part of timings.storeMs the pipeline actually waited for (the rest overlapped embedding). */
  storeWaitMs?: number;
  /** Secrets replaced by placeholders in the files indexed by this pass. */
  redactions?: number;
};

interface Prepared {
  file: DiscoveredFile;
  chunks: Chunk[];
  hash: string;
}

const READ_CONCURRENCY = 8;
const WINDOW_FILES = 32;

/**
 * One indexing pass. Files flow discover -> read -> chunk -> embed -> store; reading and chunking of
 * the next window overlap the embedding wait of the current one. Unchanged files (same size and
 * mtime, or same content hash) are not touched; chunks whose embedding text is cached are not
 * re-embedded. When embedding fails (Ollama down), the rest is stored keyword-only and the next run
 * embeds it.
 */
export async function runUpdate(deps: UpdateDeps, req: UpdateRequest): Promise<UpdateReport> {
  const t0 = performance.now();
  const { store, keyword, folder } = deps;
  const signal = req.signal;
  const progress: IndexProgress = { status: 'indexing', phase: 'discover', filesTotal: 0, filesDone: 0, chunksTotal: 0, chunksEmbedded: 0 };
  const emit = (patch: Partial<IndexProgress> = {}) => req.onProgress?.(Object.assign(progress, patch));
  emit();

  const { files, skipped, removals } = req.paths
    ? await planPaths(deps, req.paths)
    : await planFull(deps, signal);
  const damaged = new Set(req.damagedFiles ?? []);
  // An index built before in-text redaction: every file is read and chunked again, once.
  const unredacted = !req.paths && deps.redactions?.fresh === true && store.files().size > 0;
  if (unredacted) deps.log?.('Re-reading every file once to redact secrets inside text (index built by an older version)');
  const discoverMs = performance.now() - t0;

  const embedder = deps.embedder;
  const todo = files.filter((f) => {
    const rec = store.getFile(f.path);
    if (!rec || damaged.has(f.path) || unredacted) return true;
    if (!rec.vectors && embedder) return true;
    return rec.size !== f.size || rec.mtimeMs !== f.mtimeMs;
  });
  // Work in shard order: a flush then rewrites the few shards its files live in instead of all of
  // them, so a first build writes each shard about once rather than once per flush.
  if (todo.length > WINDOW_FILES) {
    const shard = new Map(todo.map((f) => [f.path, store.shardOf(f.path)]));
    todo.sort((a, b) => (shard.get(a.path) ?? 0) - (shard.get(b.path) ?? 0) || (a.path < b.path ? -1 : 1));
  }
  emit({ phase: 'chunk', filesTotal: files.length, filesDone: files.length - todo.length });

  const writes = new PendingWrites(store, keyword);
  writes.remove(removals);
  deps.redactions?.remove(removals);
  let chunkMs = 0;
  let redactions = 0;
  let filesIndexed = 0;
  const limit = pLimit(READ_CONCURRENCY);
  const prepare = async (file: DiscoveredFile): Promise<Prepared | null> => {
    // Text files are read as text; documents (PDF, DOCX, notebooks, HTML pages) are extracted.
    const confine = { root: folder, secretPatterns: deps.discovery?.secretPatterns };
    const read = await readSource(file.absPath, file.path, { maxFileSize: deps.discovery?.maxFileSize, signal, confine });
    if (!read.ok) {
      skipped.push({ path: file.path, reason: read.reason, detail: read.detail });
      if (store.getFile(file.path)) writes.remove([file.path]);
      deps.redactions?.remove([file.path]);
      return null;
    }
    const rec = store.getFile(file.path);
    if (rec && rec.hash === read.hash && !damaged.has(file.path) && !unredacted) {
      // Same content (e.g. a branch switch touched the mtime): reuse stored chunks.
      if (rec.vectors || !embedder) return null;
      return { file, hash: read.hash, chunks: await store.getChunks(rec.chunkIds) };
    }
    const started = performance.now();
    // Secrets inside the text become placeholders before chunking: nothing downstream sees them.
    const clean = await redactSource(file.path, read.text, read.document);
    if (clean.redactions > 0) {
      redactions += clean.redactions;
      deps.log?.(`Redacted ${clean.redactions} secret${clean.redactions > 1 ? 's' : ''} in ${file.path} (${describeKinds(clean.kinds)})`);
    }
    deps.redactions?.set(file.path, clean.redactions);
    const chunks = clean.document ? chunkDocument(file.path, clean.document) : await chunkFile(file.path, clean.text);
    chunkMs += performance.now() - started;
    return { file, hash: read.hash, chunks };
  };

  async function* windows(): AsyncGenerator<(Prepared | null)[]> {
    for (let i = 0; i < todo.length; i += WINDOW_FILES) {
      signal?.throwIfAborted();
      yield await Promise.all(todo.slice(i, i + WINDOW_FILES).map((f) => limit(() => prepare(f))));
    }
  }

  let vectorsError: string | undefined;
  let embedded = 0;
  let embedMs = 0;
  let cancelled = false;
  let activeEmbedder = embedder;
  const it = windows();
  try {
    let next = it.next();
    for (;;) {
      const cur = await next;
      if (cur.done) break;
      next = it.next(); // start reading/chunking the next window while this one embeds
      next.catch(() => undefined);
      const ready = cur.value.filter((p): p is Prepared => p !== null);
      const allChunks = ready.flatMap((p) => p.chunks);
      emit({ phase: 'embed', chunksTotal: progress.chunksTotal + allChunks.length });
      const started = performance.now();
      const result = await embedChunks(allChunks, activeEmbedder, store, signal, deps.documentPrefix);
      embedMs += performance.now() - started;
      embedded += result.embedded;
      if (result.error) {
        vectorsError = result.error;
        activeEmbedder = null; // stop asking a server that just failed; store the rest keyword-only
        deps.log?.(`Embedding failed, continuing keyword-only: ${result.error}`);
      }
      let offset = 0;
      for (const p of ready) {
        const n = p.chunks.length;
        // After a failure, a file whose chunks all got vectors before it keeps them; the others are
        // stored keyword-only (a file has all its vectors or none) and embedded by the next run.
        const part = result.vectors ?? result.partial;
        const fileVectors = part?.slice(offset, offset + n);
        writes.upsert(
          { file: { path: p.file.path, hash: p.hash, size: p.file.size, mtimeMs: p.file.mtimeMs }, chunks: p.chunks, vectors: fileVectors?.every((v) => v !== undefined) ? fileVectors as Float32Array[] : null },
          result.textHashes.slice(offset, offset + n),
        );
        offset += n;
      }
      filesIndexed += ready.length;
      emit({ phase: 'store', filesDone: progress.filesDone + cur.value.length, chunksEmbedded: progress.chunksEmbedded + (result.vectors ? allChunks.length : 0) });
      if (writes.due()) await writes.flushInBackground(signal);
    }
  } catch (err) {
    if (!signal?.aborted) throw err;
    cancelled = true;
  }
  // Keep what was already embedded, even when cancelled: the next run must not embed it again.
  await writes.flush();
  if (!req.paths && !cancelled) deps.redactions?.markComplete();

  const report: UpdateReport = {
    folder,
    filesIndexed,
    filesUnchanged: files.length - todo.length,
    filesRemoved: writes.removedCount,
    chunks: store.stats().chunks,
    embedded,
    skipped: summarizeSkips(skipped),
    vectors: !vectorsError && embedder !== null,
    durationMs: performance.now() - t0,
    timings: { discoverMs, chunkMs, embedMs, storeMs: writes.storeMs },
    storeWaitMs: writes.storeWaitMs,
    vectorsError,
    cancelled,
    redactions,
  };
  emit({ status: cancelled ? 'cancelled' : vectorsError ? 'paused' : 'done', message: vectorsError });
  return report;
}

async function planFull(deps: UpdateDeps, signal?: AbortSignal) {
  // Files the index holds with the same size and mtime are listed from a stat, not opened.
  const result = await discover(deps.folder, { ...deps.discovery, signal }, (rel) => deps.store.getFile(rel));
  const skipped = [...result.skipped];
  const files = result.files.filter((f) => {
    if (languageForPath(f.path)) return true;
    skipped.push({ path: f.path, reason: 'unsupported' });
    return false;
  });
  const present = new Set(files.map((f) => f.path));
  const removals = [...deps.store.files().keys()].filter((p) => !present.has(p));
  return { files, skipped, removals };
}

/** Incremental: decide for each given path whether it is indexed, changed, or gone. */
async function planPaths(deps: UpdateDeps, paths: string[]) {
  const filter = await createPathFilter(deps.folder, deps.discovery);
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const removals: string[] = [];
  for (const p of new Set(paths)) {
    const rel = toRelative(deps.folder, p);
    if (rel === null) continue;
    const reason = filter.check(rel);
    const info = reason ? null : await stat(join(deps.folder, rel)).catch(() => null);
    if (reason || !info?.isFile() || !languageForPath(rel)) {
      if (reason) skipped.push({ path: rel, reason });
      if (deps.store.getFile(rel)) removals.push(rel);
      // A deleted directory: drop every indexed file below it.
      if (!info) for (const known of deps.store.files().keys()) if (known.startsWith(rel + '/')) removals.push(known);
      continue;
    }
    files.push({ path: rel, absPath: join(deps.folder, rel), size: info.size, mtimeMs: info.mtimeMs });
  }
  return { files, skipped, removals };
}

function toRelative(folder: string, p: string): string | null {
  const rel = relative(folder, isAbsolute(p) ? p : join(folder, p));
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}
