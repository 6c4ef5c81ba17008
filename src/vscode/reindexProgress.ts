import type { IndexProgress } from '../indexer/types';
import type { UpdateReport } from '../indexer/update';
import type { Translate } from './translate';

/** One report for a notification progress: the line to show and the bar's increment (0-100 in all). */
export interface ReindexStep {
  message: string;
  increment: number;
}

/**
 * Re-index's notification text, pure so it is unit-tested: files and chunks of the folder being rebuilt,
 * one bar over all folders (each folder an equal share), and the closing line that says how many
 * chunks were embedded now and how many came from the embedding cache.
 */
export class ReindexProgress {
  private shown = 0;
  private readonly order: string[] = [];

  constructor(private readonly folderCount: number, private readonly t: Translate) {}

  update(folder: string, p: IndexProgress): ReindexStep {
    const { t } = this;
    if (!this.order.includes(folder)) this.order.push(folder);
    const share = 100 / Math.max(1, this.folderCount, this.order.length);
    const fraction = p.filesTotal ? Math.min(1, p.filesDone / p.filesTotal) : 0;
    const overall = Math.floor(share * (this.order.indexOf(folder) + fraction));
    const increment = Math.max(0, overall - this.shown);
    this.shown += increment;
    const message = p.filesTotal === 0
      ? t('{0}: finding files', folder)
      : t('{0}: {1}/{2} files, {3} chunks', folder, p.filesDone, p.filesTotal, p.chunksEmbedded);
    return { message, increment };
  }
}

/** The line shown when Re-index finished: files, chunks, embedded now vs reused from the cache. */
export function reindexDoneMessage(reports: UpdateReport[], t: Translate): string {
  const sum = (f: (r: UpdateReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const files = sum((r) => r.filesIndexed);
  const chunks = sum((r) => r.chunks);
  const keywordOnly = reports.find((r) => !r.vectors);
  if (keywordOnly?.vectorsError) {
    return t('Lore: re-index complete: {0} files, {1} chunks, keyword search only (no embeddings: {2}).', files, chunks, keywordOnly.vectorsError);
  }
  if (keywordOnly) return t('Lore: re-index complete: {0} files, {1} chunks, keyword search only.', files, chunks);
  const embedded = sum((r) => r.embedded);
  // Chunks stored with a vector that were not sent to the model came from the embedding cache.
  const reused = sum((r) => Math.max(0, r.chunks - r.embedded));
  return reused > 0
    ? t('Lore: re-index complete: {0} files re-indexed, {1} chunks ({2} embedded now, {3} reused from the cache).', files, chunks, embedded, reused)
    : t('Lore: re-index complete: {0} files re-indexed, {1} chunks embedded.', files, chunks);
}
