import { Embedder, normalize } from '../../src/indexer/embedder';
import { OllamaClient } from '../../src/ollama';
import { hashEmbed } from '../../test/support/ollamaSim/hashEmbedder';
import { DIMS, EMBED_MODEL } from './sim';

/** The sim's `hash` embedder computed in this process: the same vectors ollama-sim would return. */
export function localVector(input: string): Float32Array {
  return normalize(hashEmbed(input, DIMS));
}

/**
 * An Embedder that needs no server: vectors are the sim's hash embedding computed in-process, and
 * query vectors come from a map filled before timing starts, so search timings exclude the query
 * embedding exactly (the extension would wait for Ollama there).
 */
export class OfflineEmbedder extends Embedder {
  private readonly queries = new Map<string, Float32Array>();

  constructor() {
    super(new OllamaClient({ host: 'http://127.0.0.1:9' }), { model: EMBED_MODEL });
  }

  precompute(queries: readonly string[]): void {
    for (const q of queries) this.queries.set(q, localVector(this.prefixes.query + q));
  }

  override async probeDimensions(): Promise<number> {
    return DIMS;
  }

  override async embedQuery(text: string): Promise<Float32Array> {
    return this.queries.get(text) ?? localVector(this.prefixes.query + text);
  }

  override async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => localVector(this.prefixes.document + t));
  }
}
