import type { Chunk } from '../types';
import { hintMatchesPath, type PathHint } from '../keyword';
import { fileRole, type FileRole } from '../query/fileRole';
import { stemMatchesPath } from '../query/modulePaths';
import type { StackFrame } from '../query/stackFrames';

/**
 * Multipliers on the fused score. On the RRF scale (one list) rank 1 vs rank 10 differ by ~15%; on
 * the distribution-fused scale (two lists) a chunk both sides rank high scores about twice one
 * found by one side. So a boost lifts a chunk past near neighbours but never past one that both
 * sides agree on.
 */
export const BOOST = {
  /** The file open in the editor is what the user is looking at. */
  activeFile: 1.2,
  recentFile: 1.1,
  /** A file named in the query (e.g. a stack frame)... */
  pathHint: 1.3,
  /** ...and the chunk holding the named line. */
  pathHintLine: 1.6,
  /**
   * The file of the innermost frame of a pasted trace that runs through the workspace (not a test):
   * where the code failed. The trace's other files are the path that led there and get nothing:
   * boosting them too lost more reports than it found (RESULTS.md).
   */
  innermostFrame: 2,
  /** The chunk defines an identifier the query names. */
  identifierInSymbol: 1.15,
} as const;

/** Lines around a hinted line that still count as "at" it: traces point at a call, not a definition. */
const HINT_LINE_SLACK = 2;

export interface BoostContext {
  activeFile?: string;
  recentFiles?: ReadonlySet<string>;
  pathHints: readonly PathHint[];
  /** Lower-cased identifiers from the query. */
  identifiers: ReadonlySet<string>;
  /** The factor for a chunk that defines an identifier the query names (default BOOST.identifierInSymbol). */
  definitionBoost?: number;
  /** Module paths the query names in dotted form (`pkg/sub/mod`), and the factor on their files' chunks. */
  moduleStems?: readonly string[];
  moduleBoost?: number;
  /** The candidates' file the innermost frame of a pasted trace names (see innermostFrameFile). */
  innermostFrameFile?: string;
  /** Its factor (default BOOST.innermostFrame). */
  innermostFrameBoost?: number;
  /** Factors (at most 1) on chunks of files by role: a bug report holds back tests, docs and the like. */
  roleFactors?: Partial<Record<FileRole, number>>;
}

function symbolWords(symbol: string): string[] {
  return symbol.toLowerCase().match(/[\p{L}\p{N}_$]+/gu) ?? [];
}

export function boostFactor(chunk: Chunk, ctx: BoostContext): number {
  let factor = 1;
  if (ctx.activeFile && chunk.path === ctx.activeFile) factor *= BOOST.activeFile;
  else if (ctx.recentFiles?.has(chunk.path)) factor *= BOOST.recentFile;
  let hint = 1;
  for (const h of ctx.pathHints) {
    if (!hintMatchesPath(h.path, chunk.path)) continue;
    const atLine = h.line !== undefined && h.line >= chunk.startLine - HINT_LINE_SLACK && h.line <= chunk.endLine + HINT_LINE_SLACK;
    hint = Math.max(hint, atLine ? BOOST.pathHintLine : BOOST.pathHint);
  }
  if (hint === 1 && ctx.moduleBoost && ctx.moduleStems?.some((stem) => stemMatchesPath(stem, chunk.path))) hint = ctx.moduleBoost;
  factor *= hint;
  if (ctx.innermostFrameFile === chunk.path) factor *= ctx.innermostFrameBoost ?? BOOST.innermostFrame;
  if (chunk.symbol && ctx.identifiers.size > 0 && symbolWords(chunk.symbol).some((w) => ctx.identifiers.has(w))) {
    factor *= ctx.definitionBoost ?? BOOST.identifierInSymbol;
  }
  if (ctx.roleFactors) factor *= ctx.roleFactors[fileRole(chunk.path, chunk.kind)] ?? 1;
  return factor;
}

/**
 * The candidates' file that the innermost frame of a pasted trace names, skipping frames of tests
 * (a test calls the code under test) and frames outside the candidates (the runtime, other
 * packages). A frame names an absolute or installed path, a candidate's file is folder-relative:
 * they match by suffix (hintMatchesPath).
 */
export function innermostFrameFile(frames: readonly StackFrame[], candidatePaths: Iterable<string>): string | undefined {
  if (frames.length === 0) return undefined;
  const sources = [...new Set(candidatePaths)].filter((p) => fileRole(p, 'code') === 'source');
  for (const f of frames) {
    const found = sources.find((p) => hintMatchesPath(f.path, p));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The largest factor boostFactor can give any chunk in this context. Retrieval uses it to stop
 * fetching candidates: one whose fused score times this bound cannot reach the k-th kept score
 * would not make the top k anyway. Role factors only lower a score, so they do not raise the bound.
 */
export function maxBoostFactor(ctx: BoostContext): number {
  let factor = ctx.activeFile ? BOOST.activeFile : ctx.recentFiles?.size ? BOOST.recentFile : 1;
  if (ctx.pathHints.some((h) => h.line !== undefined)) factor *= BOOST.pathHintLine;
  else if (ctx.pathHints.length > 0) factor *= BOOST.pathHint;
  if (ctx.innermostFrameFile !== undefined) factor *= Math.max(1, ctx.innermostFrameBoost ?? BOOST.innermostFrame);
  if (ctx.moduleBoost && ctx.moduleStems?.length) factor *= Math.max(1, ctx.moduleBoost);
  if (ctx.identifiers.size > 0) factor *= Math.max(1, ctx.definitionBoost ?? BOOST.identifierInSymbol);
  return factor;
}
