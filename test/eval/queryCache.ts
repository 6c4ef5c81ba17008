import { Embedder } from '../../src/indexer/embedder';

/**
 * The real Embedder, except that query vectors are computed ahead (`prime`) and then served from
 * memory: timing `FolderIndex.search` then measures retrieval alone, not the HTTP round trip and
 * the model, as the targets ask (query embedding excluded).
 */
export class PrimedEmbedder extends Embedder {
  private readonly cache = new Map<string, Float32Array>();

  async prime(queries: readonly string[], signal?: AbortSignal): Promise<void> {
    for (const q of queries) if (!this.cache.has(q)) this.cache.set(q, await super.embedQuery(q, signal));
  }

  override async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    return this.cache.get(text) ?? super.embedQuery(text, signal);
  }
}
