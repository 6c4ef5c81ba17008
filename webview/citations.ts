/**
 * Finds `[n]` citation markers in answer text. Pure so the rules (which brackets count, ranges,
 * lists) are unit-tested without a DOM; webview/markdown.ts turns the pieces into chip tokens.
 */
import { MAX_CITATION_RANGE } from '../src/protocol';

/** A run of plain text, or one citation of source `n`. */
export type CitationPiece = { text: string } | { cite: number };

// `[3]`, `[1, 2]`, `[1,2,3]`, `[2-4]`; at most 3 digits so years like [2024] stay text.
const MARKER = /\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]/g;

/** Numbers named by the inside of one marker (`1, 2-4` -> 1,2,3,4), or undefined when malformed. */
export function parseMarker(inner: string): number[] | undefined {
  const out: number[] = [];
  for (const part of inner.split(',')) {
    const [a, b] = part.split(/[–-]/).map((s) => Number(s.trim()));
    if (a === undefined || !Number.isInteger(a) || a < 1) return undefined;
    if (b === undefined) out.push(a);
    else if (Number.isInteger(b) && b >= a && b - a < MAX_CITATION_RANGE) for (let n = a; n <= b; n++) out.push(n);
    else return undefined;
  }
  return out;
}

/**
 * Splits `text` into plain runs and citations. A marker becomes citations only when every number in
 * it is a known source (`isKnown`); otherwise it stays literal text, so `[0]` or `arr[12]` in prose
 * about code is not turned into a broken chip.
 */
export function splitCitations(text: string, isKnown: (n: number) => boolean): CitationPiece[] {
  const pieces: CitationPiece[] = [];
  let last = 0;
  let plain = '';
  for (const m of text.matchAll(MARKER)) {
    const nums = parseMarker(m[1]!);
    const prev = m.index > 0 ? text[m.index - 1]! : '';
    // `f(x)[1]` / `a[0][1]` is indexing, but `[1][2]` is two citations. A word before the bracket
    // (`Indexer[1]`) is accepted: models often glue citations to words, and only known numbers count.
    const afterCitation = m.index === last && pieces.length > 0 && !plain;
    if (!nums || !nums.every(isKnown) || (/[)\]]/.test(prev) && !afterCitation)) continue;
    plain += text.slice(last, m.index);
    if (plain) pieces.push({ text: plain });
    plain = '';
    for (const n of nums) pieces.push({ cite: n });
    last = m.index + m[0].length;
  }
  plain += text.slice(last);
  if (plain) pieces.push({ text: plain });
  return pieces;
}

/** Distinct cited numbers in order of first appearance (used while streaming, before `turnDone`). */
export function citedNumbers(text: string, isKnown: (n: number) => boolean): number[] {
  const seen = new Set<number>();
  for (const p of splitCitations(text, isKnown)) if ('cite' in p) seen.add(p.cite);
  return [...seen];
}
