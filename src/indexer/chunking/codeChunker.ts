/**
 * Code chunks aligned on definitions. A container's range is tiled by its definitions (found
 * through non-definition nodes, stopping at the first definition on each path) and the code
 * between them. A definition within budget is one unit; a larger one is chunked recursively
 * (a class into its methods) or, when it holds no definitions, windowed. Small siblings then merge
 * (pack.ts). Tiling guarantees that every line lands in exactly one chunk.
 */
import type { Node } from 'web-tree-sitter';
import type { LanguageRules } from './definitions';
import type { LineTable } from './lines';
import { labelParts, mergeUnits, symbolOf, windows, type Draft, type Unit } from './pack';
import type { Budget } from './tokens';

interface Def {
  node: Node;
  label: string;
  /** Symbol path elements (more than one when definitions shared a line and were fused). */
  parts: string[];
  start: number;
  end: number;
}

interface Ctx {
  table: LineTable;
  rules: LanguageRules;
  budget: Budget;
}

const LEADING = /comment|decorator|attribute_item|annotation/;
const MAX_NAME = 80;

const startLine = (n: Node) => n.startPosition.row + 1;
/** A node ending at column 0 ends on the previous line (tree-sitter counts the newline). */
const endLine = (n: Node) =>
  n.endPosition.column === 0 && n.endPosition.row > n.startPosition.row ? n.endPosition.row : n.endPosition.row + 1;

export function chunkCode(root: Node, table: LineTable, rules: LanguageRules, budget: Budget): Draft[] {
  return chunkRange({ table, rules, budget }, root, 1, table.count, [], undefined);
}

function describe(ctx: Ctx, n: Node, parentLabel: string | undefined): { label: string; part: string } | undefined {
  const rule = ctx.rules.defs[n.type];
  if (!rule) return undefined;
  let label = typeof rule.label === 'function' ? rule.label(n) : rule.label;
  if (label === undefined) return undefined;
  if (label === 'function' && parentLabel !== undefined && ctx.rules.methodParents.has(parentLabel)) label = 'method';
  const raw = rule.name ? rule.name(n) : n.childForFieldName('name')?.text;
  const name = raw?.replace(/\s+/g, ' ').slice(0, MAX_NAME);
  return { label, part: name ? `${label} ${name}` : label };
}

/** First line of a definition: its wrappers (export, decorators) and the comments right above it. */
function defStart(ctx: Ctx, node: Node, container: Node): { outer: Node; start: number } {
  let outer = node;
  while (outer.parent && outer.parent.id !== container.id && ctx.rules.wrappers.has(outer.parent.type)) outer = outer.parent;
  let start = startLine(outer);
  for (let prev = outer.previousNamedSibling; prev && LEADING.test(prev.type) && endLine(prev) >= start - 1; prev = prev.previousNamedSibling) {
    // A comment trailing the previous statement belongs to that statement.
    const before = prev.previousSibling;
    if (before && endLine(before) >= startLine(prev)) break;
    start = startLine(prev);
  }
  return { outer, start };
}

function collectDefs(ctx: Ctx, container: Node, parentLabel: string | undefined, lo: number, hi: number): Def[] {
  const found: Def[] = [];
  // An explicit stack: expression trees (long `a + b + ...` chains) can be thousands of levels deep.
  const stack: Node[] = [container];
  for (let n = stack.pop(); n; n = stack.pop()) {
    for (const child of n.namedChildren) {
      const d = describe(ctx, child, parentLabel);
      if (!d) { stack.push(child); continue; }
      const { outer, start } = defStart(ctx, child, container);
      found.push({ node: child, label: d.label, parts: [d.part], start: Math.max(lo, start), end: Math.min(hi, endLine(outer)) });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  // Definitions sharing a line cannot be told apart by line ranges: fuse them.
  const defs: Def[] = [];
  for (const d of found) {
    const last = defs.at(-1);
    if (last && d.start <= last.end) {
      last.end = Math.max(last.end, d.end);
      last.parts.push(...d.parts);
    } else if (d.start <= d.end) defs.push(d);
  }
  return defs;
}

function chunkRange(ctx: Ctx, container: Node, lo: number, hi: number, path: string[], label: string | undefined): Draft[] {
  const { table, budget } = ctx;
  const units: Unit[] = [];
  const addRange = (start: number, end: number, unitPath: string[], inner?: () => Draft[]) => {
    const t = table.trim(start, end);
    if (!t) return;
    if (table.tokens(t[0], t[1]) <= budget.maxTokens) units.push({ start: t[0], end: t[1], path: unitPath });
    else {
      const final = inner?.() ?? labelParts(windows(table, t[0], t[1], budget.maxTokens), symbolOf([unitPath]));
      units.push({ start: t[0], end: t[1], path: unitPath, final });
    }
  };
  let cursor = lo;
  for (const d of collectDefs(ctx, container, label, lo, hi)) {
    addRange(cursor, d.start - 1, path);
    const defPath = [...path, d.parts.join(', ')];
    addRange(d.start, d.end, defPath, d.parts.length === 1 ? () => chunkRange(ctx, d.node, d.start, d.end, defPath, d.label) : undefined);
    cursor = d.end + 1;
  }
  addRange(cursor, hi, path);
  return mergeUnits(table, units, budget, path.length);
}
