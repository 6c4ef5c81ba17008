import { stemmer } from 'stemmer';
import { CJK_CHAR, splitCjk, tokenizeCjk, tokenizeCjkQuery } from './cjk';
import { STOP_WORDS } from './stopWords';

/** Longer runs are hashes, base64 or minified noise: indexing them only grows the term table. */
const MAX_TOKEN_LENGTH = 64;

/**
 * A word: letters, digits, `_` and `$`, plus kebab-case continuations. A `-` joins only when a letter
 * follows, so `kebab-case-name` is one word while `x-1` (arithmetic) is two.
 */
const WORD = /[\p{L}\p{M}\p{N}_$]+(?:-(?=\p{L})[\p{L}\p{M}\p{N}_$]+)*/gu;

/**
 * Parts of one `_`/`$`/`-` separated segment: an acronym before a capitalised word (`HTTP` in
 * `HTTPResponse`), a capitalised or lower-case word, an all-caps run, a digit run, or a run of
 * caseless letters (CJK and the like).
 */
const PART = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}+|\p{N}+|[^\p{Lu}\p{Ll}\p{N}_$-]+/gu;

const DIGITS = /^\p{N}+$/u;
const STARTS_WITH_LETTER = /^[_$]*\p{L}/u;
const SEPARATORS = /[_$-]+/;

function keep(token: string): boolean {
  return token.length >= 2 && token.length <= MAX_TOKEN_LENGTH && !STOP_WORDS.has(token);
}

/** Most words of code and prose; they need no splitting (the fast path matters at 50k chunks). */
const PLAIN = /^[a-z]+$/;

type CjkAnalyser = (run: string, out: string[]) => void;

function pushWord(word: string, out: string[], cjk: CjkAnalyser): void {
  if (PLAIN.test(word)) {
    if (keep(word)) out.push(word);
    return;
  }
  // Chinese and Japanese have no spaces between words: a CJK run is analysed on its own, and the
  // Latin words and identifiers around it (`用docker启动OpenHands`) are tokenized as everywhere else.
  if (CJK_CHAR.test(word)) {
    splitCjk(word, (run) => cjk(run, out), (piece) => pushWord(piece, out, cjk));
    return;
  }
  const whole = word.toLowerCase();
  const parts: string[] = [];
  for (const segment of word.split(SEPARATORS)) {
    for (const m of segment.matchAll(PART)) parts.push(m[0].toLowerCase());
  }
  if (parts.length === 1 && parts[0] === whole) {
    if (keep(whole)) out.push(whole);
    return;
  }
  // The whole identifier is a token of its own: an exact identifier in the query then matches a
  // rare term (high IDF) on top of its common parts, which ranks the defining chunk first.
  if (keep(whole)) out.push(whole);
  const identifier = STARTS_WITH_LETTER.test(word);
  for (const part of parts) {
    // A digit run split off an identifier (`Vec3`, `parseHTTPResponse2`) tells variants apart;
    // any other one-character part (`x` in `getX`) is noise.
    if (keep(part) || (identifier && DIGITS.test(part) && !STOP_WORDS.has(part))) out.push(part);
  }
}

/**
 * Code-aware tokens of `text`, lower-cased, in order of appearance: each identifier as a whole plus
 * its camelCase / PascalCase / snake_case / kebab-case / SCREAMING_CASE / digit parts; paths and
 * dotted names split at `/`, `\` and `.`. Stop words and one-character tokens are dropped. Runs of
 * CJK characters become overlapping character pairs (see cjk.ts).
 */
export function tokenizeCode(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) pushWord(m[0], out, tokenizeCjk);
  return out;
}

/** tokenizeCode for a query: CJK function and question words are dropped before pairing (cjk.ts). */
export function tokenizeQuery(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) pushWord(m[0], out, tokenizeCjkQuery);
  return out;
}

const STEMMABLE = /^[a-z]{4,}$/;

/**
 * Light normalisation applied to every token on both sides (index and query), so `embeddings`,
 * `embedding` and `EmbeddingCache`'s part `embedding` meet. Only plain lower-case ASCII words are
 * stemmed; identifiers with digits, `_` or `-` stay exact.
 */
export function stemTerm(token: string): string {
  if (!STEMMABLE.test(token)) return token;
  let stem = stemCache.get(token);
  if (stem === undefined) {
    stem = stemmer(token);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(token, stem);
  }
  return stem;
}

/**
 * A corpus repeats a few tens of thousands of words, and stemming is the costliest step per token:
 * a cache makes it ~4x cheaper (bench: stemming the tokens of 10k corpus chunks, 200 -> 45 ms). Cleared, not evicted,
 * when full: simple, and refilled within a few hundred chunks.
 */
const STEM_CACHE_MAX = 100_000;
const stemCache = new Map<string, string>();

/** Distinct stemmed terms of a query, in order; duplicates would count a term twice in scoring. */
export function queryTerms(query: string): string[] {
  return [...new Set(tokenizeQuery(query).map(stemTerm))];
}
