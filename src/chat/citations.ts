/**
 * Numbered sources and the `[n]` citation markers that refer to them.
 *
 * Accepted marker forms: `[1]`, `[1][2]`, `[1, 2]`, `[1-3]` / `[1–3]` (ranges: small models write
 * them, and refusing them would leave cited sources unmarked). Not citations: markdown links
 * `[1](...)` and reference links `[1][ref]` / `[text][1]`, footnotes `[^1]`, and anything inside
 * inline code or fenced code blocks (answers quote code like `items[2]`). A marker glued to a word
 * (`the indexer[1]`) counts: small models write that often, and code belongs in backticks.
 */
import type { ChunkKind } from '../indexer/types';

/** A source as shown to the model and the user: `[n]` in the prompt and in the answer. */
export interface NumberedSource {
  /** 1-based, in the order the sources appear in the prompt. */
  n: number;
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  language: string;
  kind: ChunkKind;
  /** Workspace folder the path is relative to (multi-root workspaces). */
  folder?: string;
  /** PDF page / notebook cell of a document source (see Chunk.page). */
  page?: number;
  cell?: number;
}

/** One citation marker found in an answer. */
export interface CitationSpan {
  /** Offsets of the whole marker, `[` to `]`, in the answer text. */
  start: number;
  end: number;
  /** In-range source numbers it cites, in written order. */
  numbers: number[];
}

/**
 * The most sources one range marker (`[1-12]`) may name; wider ranges are noise, not expanded. As many
 * as the chat can have (lore.sourcesCount is at most 50). The webview links markers by the same rule
 * (webview/citations.ts, through src/protocol.ts).
 */
export const MAX_CITATION_RANGE = 50;

const MARKER = /\[(\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*)\]/g;

/** Citation markers of `answer` with the numbers in `1..sourceCount`, for linkifying. */
export function findCitations(answer: string, sourceCount: number): CitationSpan[] {
  const code = codeRanges(answer);
  const spans: CitationSpan[] = [];
  for (const m of answer.matchAll(MARKER)) {
    const start = m.index;
    const end = start + m[0].length;
    if (insideAny(code, start)) continue;
    // `[text][1]` is a reference link, `[1](url)` / `[1][ref]` are links; `[1][2]` is two citations.
    if (answer[start - 1] === ']' && !isMarkerEnd(answer, start)) continue;
    const after = answer[end] ?? '';
    if (after === '(' || (after === '[' && !MARKER_AT.test(answer.slice(end)))) continue;
    const numbers = expand(m[1], sourceCount);
    if (numbers.length > 0) spans.push({ start, end, numbers });
  }
  return spans;
}

/** Which sources the answer cites: unique, ascending, only `1..sourceCount`. */
export function parseCitations(answer: string, sourceCount: number): number[] {
  const cited = new Set<number>();
  for (const span of findCitations(answer, sourceCount)) for (const n of span.numbers) cited.add(n);
  return [...cited].sort((a, b) => a - b);
}

const MARKER_AT = /^\[\d+(?:\s*[-–,]\s*\d+)*\]/;

/** True when a `]` directly before `start` closes another citation marker (`[1][2]`). */
function isMarkerEnd(text: string, start: number): boolean {
  if (text[start - 1] !== ']') return false;
  const open = text.lastIndexOf('[', start - 1);
  return open >= 0 && MARKER_AT.test(text.slice(open, start));
}

function expand(body: string, sourceCount: number): number[] {
  const out: number[] = [];
  for (const part of body.split(',')) {
    const [a, b] = part.split(/[-–]/).map((s) => Number.parseInt(s.trim(), 10));
    const lo = b === undefined ? a : Math.min(a, b);
    const hi = b === undefined ? a : Math.max(a, b);
    if (hi - lo + 1 > MAX_CITATION_RANGE) continue;
    for (let n = lo; n <= hi; n++) if (n >= 1 && n <= sourceCount && !out.includes(n)) out.push(n);
  }
  return out;
}

type Range = [number, number];

/** Offsets covered by fenced code blocks and inline code spans. */
function codeRanges(text: string): Range[] {
  const ranges: Range[] = [];
  const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm;
  for (const m of text.matchAll(fence)) ranges.push([m.index, m.index + m[0].length]);
  const inline = /(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g;
  for (const m of text.matchAll(inline)) {
    if (!insideAny(ranges, m.index)) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

function insideAny(ranges: Range[], offset: number): boolean {
  return ranges.some(([s, e]) => offset >= s && offset < e);
}
