import { CJK_QUERY_FILLER, CJK_STOP_WORDS } from './stopWords';

/**
 * Han, kana and Hangul (and their compatibility blocks): scripts written without spaces between
 * words, so a run of them between punctuation is a clause, not a word.
 */
export const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+/gu;

/**
 * How CJK runs become terms. `bigram` (the default): overlapping character pairs, as Lucene's CJK
 * analyzer does. `segment`: ICU dictionary words (Intl.Segmenter). `both`: the two together. On the
 * Chinese eval set (test/eval/README.md) segment found 2.5 points more passages first (chunk@1 36.3
 * vs 33.8, file@5 equal at 95.7), but it tokenizes 10-30x slower (0.2-0.7 vs 7 M chars/s, on the
 * extension host's thread while indexing), and its words depend on the ICU build: an index written
 * by the CLI under Node and searched in VS Code's Electron could disagree on word boundaries. Pairs
 * need no dictionary, so index and query always meet; the query side still uses the segmenter, only
 * to find the function words it drops.
 */
export type CjkMode = 'bigram' | 'segment' | 'both';
let cjkMode: CjkMode = 'bigram';

/** For the eval's comparison of the modes only (LORE_CJK_MODE); an index must be built and searched in one mode. */
export function setCjkMode(mode: CjkMode): void {
  cjkMode = mode;
}

let segmenter: Intl.Segmenter | undefined;
/** ICU's dictionary word breaker (shipped with Node and Electron); 'zh' covers Han and kana alike. */
function words(run: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const out: string[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** Overlapping character pairs of a run, as Lucene's CJKBigramFilter emits them; a lone character stays a unigram. */
function bigrams(run: string, out: string[]): void {
  const chars = [...run];
  if (chars.length === 1) {
    out.push(chars[0]);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
}

function analyse(run: string, out: string[], mode: CjkMode): void {
  if (mode !== 'segment') bigrams(run, out);
  if (mode !== 'bigram') for (const w of words(run)) if (!CJK_STOP_WORDS.has(w)) out.push(w);
}

/** Terms of one run of CJK characters in indexed text. */
export function tokenizeCjk(run: string, out: string[], mode: CjkMode = cjkMode): void {
  analyse(run, out, mode);
}

/**
 * Terms of one run of CJK characters in a query: the run is cut into words first, and function
 * and question words (的, 吗, 什么, 怎么, 如何, 需要...) become boundaries, so
 * `训练大模型需要什么样的硬件` asks for 训练大模型 and 硬件 and never for the pair 的硬.
 */
export function tokenizeCjkQuery(run: string, out: string[], mode: CjkMode = cjkMode): void {
  let kept = '';
  const flush = () => {
    if (kept) analyse(kept, out, mode);
    kept = '';
  };
  for (const w of words(run)) {
    if (CJK_STOP_WORDS.has(w) || CJK_QUERY_FILLER.has(w)) flush();
    else kept += w;
  }
  flush();
}

/** Splits `word` into its CJK runs (handed to `cjk`) and the pieces between them (handed to `other`). */
export function splitCjk(word: string, cjk: (run: string) => void, other: (piece: string) => void): void {
  let last = 0;
  for (const m of word.matchAll(CJK_RUN)) {
    const at = m.index ?? 0;
    if (at > last) other(word.slice(last, at));
    cjk(m[0]);
    last = at + m[0].length;
  }
  if (last < word.length) other(word.slice(last));
}
