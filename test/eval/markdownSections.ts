import MarkdownIt from 'markdown-it';
import { plainText, wordCount } from './firstSentence';
import type { LineEdit } from './lineEdits';
import type { DocItem } from './docComments';

const md = new MarkdownIt();

export interface MarkdownDocs {
  /** Edits that remove the heading lines of the sections used as queries. */
  edits: LineEdit[];
  /** Query = heading text; range = the section body up to the next heading of any level. */
  items: DocItem[];
}

const MIN_WORDS = 3;
const MAX_WORDS = 20;
const MIN_BODY_LINES = 2;

/** The heading's words without Markdown: code spans, links and emphasis reduced to text, a trailing colon dropped. */
function headingQuery(inline: string): string {
  return plainText(inline.replace(/[`*_]+/g, '')).replace(/[:.\s]+$/, '');
}

/**
 * Sections of a Markdown file that become questions. A heading with at least three words and a
 * body of at least two non-blank lines qualifies; its heading line is removed from the indexed copy
 * so the answer cannot be found by matching the heading verbatim.
 */
export function markdownSections(text: string): MarkdownDocs {
  const lines = text.split('\n');
  const tokens = md.parse(text, {});
  const headings: { start: number; end: number; query: string }[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open' || !t.map) return;
    headings.push({ start: t.map[0] + 1, end: t.map[1], query: headingQuery(tokens[i + 1]?.content ?? '') });
  });
  const edits: LineEdit[] = [];
  const items: DocItem[] = [];
  headings.forEach((h, i) => {
    const words = wordCount(h.query);
    if (words < MIN_WORDS || words > MAX_WORDS) return;
    let from = h.end + 1;
    let to = i + 1 < headings.length ? headings[i + 1].start - 1 : lines.length;
    while (from <= to && lines[from - 1].trim() === '') from++;
    while (to >= from && lines[to - 1].trim() === '') to--;
    const body = lines.slice(from - 1, to).filter((l) => l.trim() !== '').length;
    if (body < MIN_BODY_LINES) return;
    edits.push({ start: h.start, end: h.end, lines: [] });
    items.push({ query: h.query, startLine: from, endLine: to });
  });
  return { edits, items };
}
