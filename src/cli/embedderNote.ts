// `lore index` / `lore status`: one line when most indexed text is Chinese, Japanese or Korean and the
// index's embedding model is English-only (src/indexer/embedderLanguage.ts decides).
import { cjkEmbedderAdvice, describeEmbedderAdvice, sampleScripts } from '../indexer/embedderLanguage';

export interface SampledIndex {
  allChunks(): AsyncIterable<{ text: string }>;
  status(): { model: string | null };
}

/** The note's line (with its newline), or '' when there is nothing to say. Reads at most 400 chunks. */
export async function embedderNote(index: SampledIndex, signal?: AbortSignal): Promise<string> {
  const model = index.status().model;
  if (!model) return '';
  const advice = cjkEmbedderAdvice(model, await sampleScripts(index.allChunks(), { signal }));
  return advice ? `${describeEmbedderAdvice(advice)}\n` : '';
}
