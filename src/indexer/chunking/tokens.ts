import { textTokens } from '../../util/tokenEstimate';

/**
 * Token budget of chunks. nomic-embed-text (BERT WordPiece, 2048-token context) is Lore's default
 * embedder. Measured here with a BERT uncased WordPiece tokenizer over node_modules: code averages
 * 3.3-3.4 chars/token (worst 1500-char window 2.2), Markdown 3.0 (worst 1.8), JSON 3.0 (worst 1.0,
 * hex/number soup). So chars/3 is about the average, and the caps below keep even the worst windows
 * inside the model's context.
 */

/**
 * Default chunk size (estimated tokens): ~1500 chars, ~40 lines of code, one typical function. Real
 * size ~450 tokens on average, <= ~700 for the densest code measured; small enough for precise
 * retrieval and to fit several sources into a small chat model's prompt.
 */
export const DEFAULT_MAX_TOKENS = 500;
/** Pieces below this (~5 lines) are merged with small neighbours rather than embedded alone. */
export const DEFAULT_MIN_TOKENS = 64;
/**
 * No option can raise a chunk above this: 3000 chars, <= ~1400 real tokens for code even at the
 * densest ratio measured, leaving room for the embedding header under 2048.
 */
export const MAX_TOKENS_CAP = 1000;
/** Pieces this small (a closing brace, `end`, a single import) are glued to a neighbour. */
export const TINY_TOKENS = 16;

export interface Budget {
  maxTokens: number;
  minTokens: number;
}

export function resolveBudget(opts: { maxTokens?: number; minTokens?: number } = {}): Budget {
  const maxTokens = Math.max(16, Math.min(MAX_TOKENS_CAP, Math.floor(opts.maxTokens ?? DEFAULT_MAX_TOKENS)));
  const minTokens = Math.max(0, Math.min(maxTokens, Math.floor(opts.minTokens ?? Math.min(DEFAULT_MIN_TOKENS, maxTokens / 4))));
  return { maxTokens, minTokens };
}

/** Characters per token of ASCII text for the embedding model (see the measurements above). */
export const EMBED_CHARS_PER_TOKEN = 3;

/**
 * Fractional estimate for one piece of text; sums of these never undercount the joined text.
 * WordPiece gives most non-Latin characters (CJK, emoji) a token each (util/tokenEstimate.ts).
 */
export function tokenWeight(text: string): number {
  return textTokens(text, EMBED_CHARS_PER_TOKEN);
}

/** Conservative token estimate of `text` for the embedding model (chars/3, one per non-ASCII char). */
export function estimateTokens(text: string): number {
  return Math.ceil(tokenWeight(text));
}
