import { createHash } from 'node:crypto';
import { embeddingText } from './chunking';
import type { Embedder } from './embedder';
import type { LoreStore } from './store';
import type { Chunk } from './types';
import { describeError } from './describeError';

export interface EmbedResult {
  /** Aligned with the chunks; null when vectors could not be computed (see error). */
  vectors: Float32Array[] | null;
  /** sha256 of each chunk's embedding text: the embedding cache key. */
  textHashes: string[];
  /** Texts actually sent to the model (cache misses). */
  embedded: number;
  error?: string;
  /** With `error`: the vectors obtained before it (cached or embedded), aligned with the chunks. */
  partial?: (Float32Array | undefined)[];
}

/**
 * Vectors for chunks: from the embedding cache when the same text was embedded before (unchanged
 * chunk, renamed file, branch switch), otherwise from the model. Errors other than an abort are
 * returned, not thrown, so the caller can fall back to keyword-only storage.
 */
export async function embedChunks(
  chunks: Chunk[],
  embedder: Embedder | null,
  store: LoreStore,
  signal?: AbortSignal,
  /**
   * The model's document prefix is part of what is embedded, so it is part of the cache key: after a
   * `lore.documentPrefix` change, unchanged chunks must be embedded again. Passed separately because
   * a keyword-only run (embedder null) still keys its cache lookups the same way.
   */
  documentPrefix = embedder?.prefixes.document ?? '',
): Promise<EmbedResult> {
  const texts = chunks.map(embeddingText);
  const textHashes = texts.map((t) => createHash('sha256').update(documentPrefix).update('\0').update(t).digest('hex'));
  if (!embedder) return { vectors: null, textHashes, embedded: 0 };
  const vectors: (Float32Array | undefined)[] = textHashes.map((h) => store.cachedVector(h));
  const missing: number[] = [];
  vectors.forEach((v, i) => v || missing.push(i));
  if (missing.length === 0) return { vectors: vectors as Float32Array[], textHashes, embedded: 0 };
  let embedded = 0;
  const keep = (start: number, batch: Float32Array[]) => {
    batch.forEach((v, j) => (vectors[missing[start + j]] = v));
    embedded += batch.length;
  };
  try {
    await embedder.embedDocuments(missing.map((i) => texts[i]), signal, keep);
    return { vectors: vectors as Float32Array[], textHashes, embedded };
  } catch (err) {
    if (signal?.aborted) throw err;
    // Batches that came back before the failure are paid for: hand them on rather than drop them -
    // unless their size is not the index's (the model was replaced mid-run), which must never mix.
    const dims = store.identity()?.dims;
    const partial = dims ? vectors.map((v) => (v?.length === dims ? v : undefined)) : undefined;
    return { vectors: null, textHashes, embedded, error: describeError(err), partial };
  }
}
