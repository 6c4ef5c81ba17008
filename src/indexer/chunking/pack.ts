/**
 * Turning line ranges into chunk drafts: splitting ranges that are over budget into windows, packing
 * blocks up to the budget, and merging small neighbours. Shared by the code, Markdown and text
 * chunkers; every function here keeps the ranges contiguous and non-overlapping.
 */
import type { LineTable } from './lines';
import { TINY_TOKENS, type Budget } from './tokens';

/** A chunk before hashing: 1-based inclusive line range, no leading/trailing blank lines. */
export interface Draft {
  start: number;
  end: number;
  symbol?: string;
}

/**
 * A piece of one level (siblings in the same container): either a mergeable range with its symbol
 * path, or a run of drafts already final (a split definition) that only tiny pieces may join.
 */
export interface Unit {
  start: number;
  end: number;
  /** Full symbol path of the piece (a definition's own label last; glue code has its container's). */
  path: readonly string[];
  final?: Draft[];
}

const MAX_NAMES = 4;

/** Symbol of a group of units: their common path, then the distinct names below it. */
export function symbolOf(paths: readonly (readonly string[])[]): string | undefined {
  if (paths.length === 0) return undefined;
  let prefix = paths[0].length;
  for (const p of paths) {
    let i = 0;
    while (i < prefix && i < p.length && p[i] === paths[0][i]) i++;
    prefix = i;
  }
  const names = [...new Set(paths.filter((p) => p.length > prefix).map((p) => p[prefix]))];
  const base = paths[0].slice(0, prefix);
  if (names.length === 1) base.push(names[0]);
  else if (names.length > 1) {
    const more = names.length > MAX_NAMES ? `, … (+${names.length - MAX_NAMES})` : '';
    base.push(names.slice(0, MAX_NAMES).join(', ') + more);
  }
  return base.length > 0 ? base.join(' > ') : undefined;
}

/** Labels drafts that are parts of one split piece: `X (part 2/3)`. */
export function labelParts(ranges: [number, number][], symbol: string | undefined): Draft[] {
  if (ranges.length === 1) return [{ start: ranges[0][0], end: ranges[0][1], symbol }];
  return ranges.map(([start, end], i) => ({
    start, end, symbol: symbol === undefined ? undefined : `${symbol} (part ${i + 1}/${ranges.length})`,
  }));
}

/**
 * Splits start..end (already trimmed) into windows within maxTokens. Breaks prefer a blank line,
 * then the least indented next line (a statement boundary), in the second half of the window;
 * `canBreakAfter` vetoes breaks (inside a fenced block) unless no other break exists. A single
 * line over budget becomes a window of its own: lines are never cut.
 */
export function windows(table: LineTable, start: number, end: number, maxTokens: number,
  canBreakAfter: (line: number) => boolean = () => true): [number, number][] {
  const out: [number, number][] = [];
  let s = start;
  while (s <= end) {
    let e = s;
    while (e < end && table.tokens(s, e + 1) <= maxTokens) e++;
    if (e < end) e = bestBreak(table, s, e, canBreakAfter);
    const trimmed = table.trim(s, e);
    if (trimmed) out.push(trimmed);
    s = e + 1;
  }
  return out;
}

function bestBreak(table: LineTable, s: number, e: number, canBreakAfter: (line: number) => boolean): number {
  let best = e;
  let bestScore = -Infinity;
  for (const allowVeto of [true, false]) {
    for (let k = e; k >= s + Math.floor((e - s) / 2); k--) {
      if (allowVeto && !canBreakAfter(k)) continue;
      // Among lines of equal indent, one that ends a CJK sentence (。！？；) is the better break: a
      // hard-wrapped Chinese paragraph over budget is split between sentences, never inside one.
      const score = table.isBlank(k) ? 1e6 : -table.indent(k + 1) + (table.endsCjkSentence(k) ? 0.5 : 0);
      if (score > bestScore) { best = k; bestScore = score; }
    }
    if (bestScore > -Infinity) return best;
  }
  return best;
}

/**
 * Packs consecutive blocks (contiguous ranges covering a region) into drafts up to maxTokens;
 * blocks over the budget are windowed on their own.
 */
export function packBlocks(table: LineTable, blocks: [number, number][], maxTokens: number,
  canBreakAfter?: (line: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let cur: [number, number] | undefined;
  const flush = () => {
    const t = cur && table.trim(cur[0], cur[1]);
    if (t) out.push(t);
    cur = undefined;
  };
  for (const [bs, be] of blocks) {
    if (table.tokens(bs, be) > maxTokens) {
      flush();
      const t = table.trim(bs, be);
      if (t) out.push(...windows(table, t[0], t[1], maxTokens, canBreakAfter));
    } else if (cur && table.tokens(cur[0], be) <= maxTokens) cur[1] = be;
    else { flush(); cur = [bs, be]; }
  }
  flush();
  return out;
}

interface Group {
  start: number;
  end: number;
  paths: (readonly string[])[];
  final?: Draft[];
}

/**
 * Merges one level's units: runs of small units (< minTokens) are combined up to maxTokens; then a
 * tiny leftover (a closing brace, a lone import) joins a neighbour when that stays within budget.
 * `depth` is the length of the level's own path: longer unit paths are named definitions, which
 * never vanish into a split neighbour whose part symbols would not name them.
 * Units must be trimmed, sorted and non-overlapping.
 */
export function mergeUnits(table: LineTable, units: Unit[], budget: Budget, depth: number): Draft[] {
  const { maxTokens, minTokens } = budget;
  const groups: Group[] = [];
  let open = false; // the last group is a run of small units that may grow
  for (const u of units) {
    const small = !u.final && table.tokens(u.start, u.end) < minTokens;
    const last = groups.at(-1);
    if (small && open && last && table.tokens(last.start, u.end) <= maxTokens) {
      last.end = u.end;
      last.paths.push(u.path);
    } else {
      groups.push({ start: u.start, end: u.end, paths: [u.path], final: u.final });
      open = small;
    }
  }
  // minTokens 0 means "never merge", tiny pieces included.
  absorbTiny(table, groups, maxTokens, depth, Math.min(TINY_TOKENS, minTokens));
  return groups.flatMap((g) => g.final ?? [{ start: g.start, end: g.end, symbol: symbolOf(g.paths) }]);
}

function absorbTiny(table: LineTable, groups: Group[], maxTokens: number, depth: number, tiny: number): void {
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g.final || groups.length < 2 || table.tokens(g.start, g.end) >= tiny) continue;
    const named = g.paths.some((p) => p.length > depth);
    const prev = groups[i - 1];
    const next = groups[i + 1];
    if (prev && !(named && prev.final) && table.tokens(edge(prev, 'last').start, g.end) <= maxTokens) {
      extend(prev, g, 'last');
      groups.splice(i--, 1);
    } else if (next && !(named && next.final) && table.tokens(g.start, edge(next, 'first').end) <= maxTokens) {
      extend(next, g, 'first');
      groups.splice(i--, 1);
    }
  }
}

function edge(g: Group, which: 'first' | 'last'): { start: number; end: number } {
  if (!g.final) return g;
  return which === 'first' ? g.final[0] : g.final[g.final.length - 1];
}

/** Glues `tiny` onto `into`; a split definition keeps its part symbols (a brace adds no meaning). */
function extend(into: Group, tiny: Group, which: 'first' | 'last'): void {
  if (!into.final) into.paths.push(...tiny.paths);
  const target = into.final ? edge(into, which) : into;
  if (which === 'last') target.end = tiny.end;
  else target.start = tiny.start;
  if (into.final) { into.start = into.final[0].start; into.end = into.final[into.final.length - 1].end; }
}

