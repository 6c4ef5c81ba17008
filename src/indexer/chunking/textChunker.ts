/** Plain text and config files: paragraphs packed up to the budget, windows for longer ones. */
import type { LineTable } from './lines';
import { packBlocks, type Draft } from './pack';
import type { Budget } from './tokens';

/** Paragraphs of start..end: ranges split after each run of blank lines, covering the region. */
export function paragraphs(table: LineTable, start = 1, end = table.count): [number, number][] {
  const out: [number, number][] = [];
  let s = start;
  for (let i = start; i <= end; i++) {
    if (i > s && table.isBlank(i - 1) && !table.isBlank(i)) {
      out.push([s, i - 1]);
      s = i;
    }
  }
  if (s <= end) out.push([s, end]);
  return out;
}

export function chunkText(table: LineTable, budget: Budget, start = 1, end = table.count): Draft[] {
  return packBlocks(table, paragraphs(table, start, end), budget.maxTokens).map(([s, e]) => ({ start: s, end: e }));
}
