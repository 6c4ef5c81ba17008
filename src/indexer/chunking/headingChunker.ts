/**
 * reStructuredText and AsciiDoc by sections, like Markdown: each section's symbol is its heading
 * breadcrumb. Line scanners find the headings; sections then pack and merge as Markdown's do.
 *
 * - reStructuredText: a title line under- (and optionally over-) lined with one punctuation
 *   character, at least as long as the title; levels follow the order styles first appear, as in
 *   docutils.
 * - AsciiDoc: `= Title` (level 1) to `====== Title`, also Markdown-style `#`; delimited blocks
 *   (`----`, `....`, `====`...) are skipped so their content is never taken for a heading.
 */
import type { LineTable } from './lines';
import { labelParts, mergeUnits, packBlocks, symbolOf, type Draft, type Unit } from './pack';
import { paragraphs } from './textChunker';
import type { Budget } from './tokens';

export interface Heading {
  line: number;
  level: number;
  title: string;
}

const RST_ADORNMENT = /^([=\-`:'"~^_*+#<>.])\1{2,}\s*$/;

export function scanRst(table: LineTable): Heading[] {
  const styles: string[] = [];
  const out: Heading[] = [];
  const lines = table.lines;
  for (let i = 0; i + 1 < lines.length; i++) {
    const title = lines[i].trimEnd();
    const under = RST_ADORNMENT.exec(lines[i + 1]);
    if (!under || title.trim() === '' || /^\s/.test(title) || RST_ADORNMENT.test(title)) continue;
    const over = i > 0 && lines[i - 1].trimEnd() === lines[i + 1].trimEnd();
    if (lines[i + 1].trimEnd().length < title.length && !over) continue;
    const before = over ? i - 2 : i - 1;
    if (before >= 0 && lines[before].trim() !== '') continue;
    const style = under[1] + (over ? 'o' : '');
    if (!styles.includes(style)) styles.push(style);
    out.push({ line: over ? i : i + 1, level: styles.indexOf(style) + 1, title: title.trim() });
    i++;
  }
  return out;
}

const ADOC_HEADING = /^(={1,6}|#{1,6})[ \t]+(\S.*?)\s*$/;
const ADOC_DELIMITER = /^(-{4,}|\.{4,}|={4,}|\+{4,}|\*{4,}|_{4,}|\/{4,})\s*$/;

export function scanAsciidoc(table: LineTable): Heading[] {
  const out: Heading[] = [];
  let block: string | undefined;
  table.lines.forEach((text, i) => {
    const delim = ADOC_DELIMITER.exec(text);
    if (delim) {
      if (block === undefined) block = delim[1];
      else if (delim[1] === block) block = undefined;
      return;
    }
    if (block !== undefined) return;
    const m = ADOC_HEADING.exec(text);
    if (m) out.push({ line: i + 1, level: m[1].length, title: m[2] });
  });
  return out;
}

/** Drafts of a document whose headings are known: sections with breadcrumbs, packed and merged. */
export function chunkByHeadings(table: LineTable, headings: Heading[], budget: Budget): Draft[] {
  const sections: { start: number; end: number; path: string[] }[] = [];
  const stack: { level: number; title: string }[] = [];
  const first = headings[0]?.line ?? table.count + 1;
  if (first > 1) sections.push({ start: 1, end: first - 1, path: [] });
  headings.forEach((h, i) => {
    while (stack.length && stack[stack.length - 1].level >= h.level) stack.pop();
    stack.push({ level: h.level, title: h.title });
    // An RST overline belongs to the next section, not to the end of this one.
    const next = headings[i + 1];
    const end = next ? next.line - 1 : table.count;
    sections.push({ start: h.line, end, path: stack.map((s) => s.title) });
  });
  const units: Unit[] = [];
  for (const sec of sections) {
    const t = table.trim(sec.start, sec.end);
    if (!t) continue;
    if (table.tokens(t[0], t[1]) <= budget.maxTokens) units.push({ start: t[0], end: t[1], path: sec.path });
    else units.push({ start: t[0], end: t[1], path: sec.path, final: labelParts(packBlocks(table, paragraphs(table, t[0], t[1]), budget.maxTokens), symbolOf([sec.path])) });
  }
  return mergeUnits(table, units, budget, 0);
}
