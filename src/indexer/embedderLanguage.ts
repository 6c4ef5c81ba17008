/**
 * English-only embedding models on Chinese, Japanese or Korean text: their tokenizers split CJK into
 * byte pieces they never learned, so vector search misses most passages while keyword search still
 * works. This module knows which models are English-only, estimates the CJK share of indexed text from
 * a sample of chunks, and says when to suggest a multilingual model. Pure: the extension and the CLI
 * decide how to tell the user.
 */
import { bareModelName } from './modelPrefixes';

export type EmbedderLanguages = 'english' | 'multilingual' | 'unknown';

/** The model suggested for CJK text: multilingual, in Ollama's library, 8k context, no prefixes needed. */
export const MULTILINGUAL_EMBEDDER = 'bge-m3';

// Tested against the bare name (lower case, no namespace or tag). Multilingual first: some share a
// prefix with an English-only family (nomic-embed-text-v2-moe, snowflake-arctic-embed2).
const MULTILINGUAL = [/^bge-m3/, /^qwen3-embedding/, /^nomic-embed-text-v2/, /multilingual/, /^snowflake-arctic-embed2/, /^granite-embedding:?.*278m/, /^jina-embeddings-v3/, /^labse/];
const ENGLISH = [/^nomic-embed-text/, /^all-minilm/, /^mxbai-embed-large/, /^snowflake-arctic-embed/, /^bge-(small|base|large)(-en.*)?$/, /^granite-embedding/, /^e5-/];

/** Whether `model` embeds CJK text meaningfully (`unknown`: not a model this list knows). */
export function embedderLanguages(model: string): EmbedderLanguages {
  const bare = bareModelName(model);
  // granite-embedding's sizes are tags (granite-embedding:278m is the multilingual one).
  const withTag = model.trim().toLowerCase().split('/').pop() ?? bare;
  if (MULTILINGUAL.some((r) => r.test(bare) || r.test(withTag))) return 'multilingual';
  if (ENGLISH.some((r) => r.test(bare))) return 'english';
  return 'unknown';
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// One unit per CJK character (about one token each) and one per run of other letters or digits (a word).
const UNITS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}_]+/gu;

/**
 * Running count of text units: a CJK character or a word of any other script. Counting words rather
 * than characters keeps a Chinese note with a few English terms "mostly CJK", and source code with
 * Chinese comments "mostly not".
 */
export class ScriptTally {
  units = 0;
  cjk = 0;

  /** Counts `text`, of which only the first `maxChars` characters (a sample is enough). */
  add(text: string, maxChars = 2000): void {
    for (const m of text.slice(0, maxChars).matchAll(UNITS)) {
      this.units++;
      if (CJK.test(m[0])) this.cjk++;
    }
  }

  /** CJK units / all units, 0 when nothing was counted. */
  share(): number {
    return this.units === 0 ? 0 : this.cjk / this.units;
  }
}

export interface SampleOptions {
  /** Chunks read at most (the store yields them shard by shard, i.e. spread over the folder's files). */
  maxChunks?: number;
  maxCharsPerChunk?: number;
  signal?: AbortSignal;
}

/** Tallies the first `maxChunks` chunks of an index (FolderIndex.allChunks()). */
export async function sampleScripts(chunks: AsyncIterable<{ text: string }>, opts: SampleOptions = {}): Promise<ScriptTally> {
  const { maxChunks = 400, maxCharsPerChunk = 2000, signal } = opts;
  const tally = new ScriptTally();
  let n = 0;
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    tally.add(chunk.text, maxCharsPerChunk);
    if (++n >= maxChunks) break;
  }
  return tally;
}

export interface EmbedderAdvice {
  model: string;
  suggested: string;
  /** 0..1 */
  cjkShare: number;
}

/** Below this many units a sample says nothing (a fresh index, a folder of images). */
export const MIN_SAMPLE_UNITS = 200;

/** Advice when most of the sample is CJK and `model` is English-only; undefined otherwise. */
export function cjkEmbedderAdvice(model: string | null | undefined, tally: Pick<ScriptTally, 'units' | 'cjk'>): EmbedderAdvice | undefined {
  if (!model || embedderLanguages(model) !== 'english') return undefined;
  if (tally.units < MIN_SAMPLE_UNITS) return undefined;
  const cjkShare = tally.cjk / tally.units;
  return cjkShare > 0.5 ? { model, suggested: MULTILINGUAL_EMBEDDER, cjkShare } : undefined;
}

/** One line for the CLI (`lore index`, `lore status`). */
export function describeEmbedderAdvice(a: EmbedderAdvice): string {
  return (
    `Note: ${Math.round(a.cjkShare * 100)}% of the indexed text is Chinese/Japanese/Korean, but ${a.model} is an English-only ` +
    `embedding model; for better vector search run \`ollama pull ${a.suggested}\` and index with --embed-model ${a.suggested}`
  );
}
