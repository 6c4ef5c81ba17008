/**
 * Script-aware token estimates without a tokenizer, for everything that decides sizes: chunk
 * packing, embedding input cuts and the chat prompt budget. Latin text, code and digits take a few
 * characters per token with WordPiece/BPE vocabularies (the ratio is the caller's: 3 for the
 * embedder, 3.5 for chat models); every other character counts as a whole token. That is about
 * right for Chinese and Japanese (one token per character in BERT's WordPiece, 0.7-1.5 in the BPE
 * vocabularies of Qwen, Llama 3 or DeepSeek) and an overestimate for accented Latin or Cyrillic, which
 * is the safe side: an overflowing prompt or embedding input is silently truncated by Ollama.
 */

/** Estimated tokens of `text` (fractional; sums over pieces never undercount the joined text). */
export function textTokens(text: string, asciiCharsPerToken: number): number {
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) nonAscii++;
  return (text.length - nonAscii) / asciiCharsPerToken + nonAscii;
}

/**
 * Length (UTF-16 units) of the longest prefix of `text` whose estimate stays within `tokens`, never
 * ending inside a surrogate pair.
 */
export function prefixWithinTokens(text: string, tokens: number, asciiCharsPerToken: number): number {
  if (tokens <= 0) return 0;
  const ascii = 1 / asciiCharsPerToken;
  let used = 0;
  let i = 0;
  for (; i < text.length; i++) {
    used += text.charCodeAt(i) > 127 ? 1 : ascii;
    if (used > tokens) break;
  }
  const code = text.charCodeAt(i - 1);
  if (i > 0 && i < text.length && code >= 0xd800 && code <= 0xdbff) i--;
  return i;
}
