/**
 * Token estimation without a tokenizer. Lore talks to whatever chat model the user picked, so an
 * exact count is impossible; we over-estimate instead (source code tokenises at roughly 3-4
 * characters per token with BPE vocabularies, Chinese and Japanese at about one token per
 * character), because overflowing the model's context silently truncates the prompt on Ollama's
 * side, which is worse than leaving a little room unused. The script-aware rule lives in
 * util/tokenEstimate.ts, shared with chunking and the embedder.
 */
import { prefixWithinTokens, textTokens } from '../util/tokenEstimate';

/** Characters per token assumed for ASCII text; lower = more conservative. */
export const CHARS_PER_TOKEN = 3.5;

/** Fixed cost charged per chat message for role markers and template tokens. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(textTokens(text, CHARS_PER_TOKEN));
}

/** Length of the longest prefix of `text` whose estimate stays within `tokens`. */
export function maxCharsFor(text: string, tokens: number): number {
  return prefixWithinTokens(text, Math.floor(tokens), CHARS_PER_TOKEN);
}
