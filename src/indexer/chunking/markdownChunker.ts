/**
 * Markdown by sections: a line scanner (fences, ATX and setext headings, front matter) is enough to
 * find section boundaries, and unlike a grammar it cannot fail on odd input. Each section's symbol
 * is its heading breadcrumb (`Install > Linux`); small sibling sections merge, long ones split by
 * paragraphs without cutting a fenced block when another break exists.
 */
import type { LineTable } from './lines';
import { labelParts, mergeUnits, packBlocks, symbolOf, type Draft, type Unit } from './pack';
import type { Budget } from './tokens';

interface Scan {
  /** Heading lines with their level and title. */
  headings: { line: number; level: number; title: string }[];
  /** insideFence[line] is true for the lines after a fence's opening line, its closing line included. */
  insideFence: boolean[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

function scan(table: LineTable): Scan {
  const headings: Scan['headings'] = [];
  const insideFence: boolean[] = new Array(table.count + 2).fill(false);
  let fence: string | undefined;
  let line = 1;
  // YAML front matter is not a heading's content; it stays in the preamble section.
  if (table.count > 1 && table.lines[0] === '---') {
    const close = table.lines.findIndex((l, i) => i > 0 && (l === '---' || l === '...'));
    if (close > 0) line = close + 2;
  }
  for (; line <= table.count; line++) {
    const text = table.lines[line - 1];
    const f = FENCE.exec(text);
    if (fence !== undefined) {
      insideFence[line] = true;
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && text.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) { fence = f[1]; continue; }
    const atx = ATX.exec(text);
    if (atx) { headings.push({ line, level: atx[1].length, title: (atx[2] ?? '').trim() }); continue; }
    const setext = SETEXT.exec(text);
    const prev = line > 1 ? table.lines[line - 2] : '';
    // `Title` + `===`/`---`; a `---` after a blank line or a list item is a rule, not a heading.
    if (setext && prev.trim() !== '' && !/^\s*([-*+]|\d+[.)])\s/.test(prev) && headings.at(-1)?.line !== line - 1
      && !insideFence[line - 1] && !FENCE.test(prev) && (line < 3 || table.lines[line - 3].trim() === '')) {
      headings.push({ line: line - 1, level: setext[1][0] === '=' ? 1 : 2, title: prev.trim() });
    }
  }
  return { headings, insideFence };
}

/** Paragraph blocks of a section; a fenced block (blank lines included) stays one block. */
function blocks(table: LineTable, start: number, end: number, insideFence: boolean[]): [number, number][] {
  const out: [number, number][] = [];
  let s = start;
  for (let i = start + 1; i <= end; i++) {
    if (table.isBlank(i - 1) && !table.isBlank(i) && !insideFence[i] && !insideFence[i - 1]) {
      out.push([s, i - 1]);
      s = i;
    }
  }
  out.push([s, end]);
  return out;
}

export function chunkMarkdown(table: LineTable, budget: Budget): Draft[] {
  const { headings, insideFence } = scan(table);
  const sections: { start: number; end: number; path: string[] }[] = [];
  const stack: { level: number; title: string }[] = [];
  const firstHeading = headings[0]?.line ?? table.count + 1;
  if (firstHeading > 1) sections.push({ start: 1, end: firstHeading - 1, path: [] });
  headings.forEach((h, i) => {
    while (stack.length > 0 && stack[stack.length - 1].level >= h.level) stack.pop();
    stack.push({ level: h.level, title: h.title || '#'.repeat(h.level) });
    const end = i + 1 < headings.length ? headings[i + 1].line - 1 : table.count;
    sections.push({ start: h.line, end, path: stack.map((s) => s.title) });
  });

  const canBreakAfter = (line: number) => !insideFence[line + 1];
  const units: Unit[] = [];
  for (const sec of sections) {
    const t = table.trim(sec.start, sec.end);
    if (!t) continue;
    if (table.tokens(t[0], t[1]) <= budget.maxTokens) {
      units.push({ start: t[0], end: t[1], path: sec.path });
      continue;
    }
    const parts = packBlocks(table, blocks(table, t[0], t[1], insideFence), budget.maxTokens, canBreakAfter);
    units.push({ start: t[0], end: t[1], path: sec.path, final: labelParts(parts, symbolOf([sec.path])) });
  }
  return mergeUnits(table, units, budget, 0);
}
