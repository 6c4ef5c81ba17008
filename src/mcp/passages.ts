/**
 * Search hits as passages for an assistant: where each one is (path, lines, symbol, page/cell) and
 * its text, held to a size budget. Agents paste tool results into their own context window, so a
 * result that is too big costs them more than a passage they can fetch in full with read_passage.
 */
import type { RetrievedChunk } from '../indexer/types';

/** Characters of passage text per search result, all passages together. */
export const SEARCH_TEXT_BUDGET = 24_000;
/** No single passage takes more than this, so one huge chunk cannot crowd out the rest. */
export const PASSAGE_TEXT_MAX = 6_000;

export interface Passage {
  /** Path relative to `folder`, POSIX separators. */
  path: string;
  /** Absolute path of the indexed folder the passage is from. */
  folder: string;
  startLine: number;
  endLine: number;
  /** `path:start-end`, what an answer should cite. */
  citation: string;
  symbol?: string;
  language: string;
  kind: string;
  /** PDF page / notebook cell (1-based); lines then count the document's extracted text. */
  page?: number;
  cell?: number;
  score: number;
  text: string;
  /** The text was cut to fit the budget: read_passage gives the rest. */
  truncated?: boolean;
}

export interface FolderHit extends RetrievedChunk {
  folder: string;
}

/** Cuts at a line end where one is near, so a passage never stops mid-line when it can help it. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const nl = text.lastIndexOf('\n', max);
  return text.slice(0, nl > max / 2 ? nl : max);
}

/** Passages in rank order, each text cut so the total stays within `budget` characters. */
export function toPassages(hits: readonly FolderHit[], budget = SEARCH_TEXT_BUDGET): Passage[] {
  let left = budget;
  const out: Passage[] = [];
  for (const h of hits) {
    // Later passages still get a line or two: knowing where to look is worth more than nothing.
    const room = Math.max(Math.min(PASSAGE_TEXT_MAX, left), 200);
    const text = cut(h.text, room);
    left -= text.length;
    out.push({
      path: h.path,
      folder: h.folder,
      startLine: h.startLine,
      endLine: h.endLine,
      citation: `${h.path}:${h.startLine}-${h.endLine}`,
      ...(h.symbol ? { symbol: h.symbol } : {}),
      language: h.language,
      kind: h.kind,
      ...(h.page !== undefined ? { page: h.page } : {}),
      ...(h.cell !== undefined ? { cell: h.cell } : {}),
      score: Number(h.score.toFixed(4)),
      text,
      ...(text.length < h.text.length ? { truncated: true } : {}),
    });
    if (left <= 0) break;
  }
  return out;
}

function fence(text: string): string {
  // A fence longer than any backtick run inside, so passage text cannot close it early.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** One passage as Markdown: a header line to cite, then the text fenced. */
export function renderPassage(p: Passage, n: number, multiFolder: boolean): string {
  const where = [p.symbol, p.page !== undefined ? `page ${p.page}` : undefined, p.cell !== undefined ? `cell ${p.cell}` : undefined]
    .filter(Boolean)
    .join(', ');
  const folder = multiFolder ? ` [${p.folder}]` : '';
  const f = fence(p.text);
  const more = p.truncated ? `\n(cut to fit; read_passage ${p.path} ${p.startLine}-${p.endLine} gives all of it)` : '';
  return `[${n}] ${p.citation}${where ? ` (${where})` : ''}${folder} score ${p.score}\n${f}${p.language}\n${p.text}\n${f}${more}`;
}

/** The text part of a search result: a line on what was searched, then the passages. */
export function renderSearch(query: string, passages: readonly Passage[], notes: readonly string[], multiFolder: boolean): string {
  const head = passages.length
    ? `${passages.length} passage(s) for "${query}", best first. Cite them as path:start-end.`
    : `No passages found for "${query}".`;
  return [head, ...notes.map((n) => `Note: ${n}`), ...passages.map((p, i) => renderPassage(p, i + 1, multiFolder))].join('\n\n');
}
