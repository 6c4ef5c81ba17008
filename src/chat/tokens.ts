/**
 * Token estimation without a tokenizer. Lore talks to whatever chat model the user picked, so an
 * exact count is impossible; we over-estimate instead (source code tokenises at roughly 3-4
 * characters per token with BPE vocabularies), because overflowing the model's context silently
 * truncates the prompt on Ollama's side, which is worse than leaving a little room unused.
 */

/** Characters per token assumed when estimating; lower = more conservative. */
export const CHARS_PER_TOKEN = 3.5;

/** Fixed cost charged per chat message for role markers and template tokens. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The longest prefix of `text` whose estimate stays within `tokens`. */
export function maxCharsFor(tokens: number): number {
  return Math.max(0, Math.floor(tokens * CHARS_PER_TOKEN));
}
