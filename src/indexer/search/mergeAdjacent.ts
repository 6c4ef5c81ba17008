import type { RetrievedChunk } from '../types';

function linesOf(c: RetrievedChunk): string[] {
  const lines = c.text.split('\n');
  // A trailing newline would add a phantom line past endLine.
  if (lines.length > c.endLine - c.startLine + 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface Run {
  parts: RetrievedChunk[];
  lines: string[];
  startLine: number;
  endLine: number;
  firstSeen: number;
}

function extend(run: Run, next: RetrievedChunk): void {
  const nextLines = linesOf(next);
  const gap = next.startLine - run.endLine - 1;
  // Missing lines between two hits are left empty so that text line i stays file line start+i,
  // which citations and line-numbered prompts rely on.
  for (let i = 0; i < gap; i++) run.lines.push('');
  const skip = Math.max(0, run.endLine + 1 - next.startLine);
  run.lines.push(...nextLines.slice(skip));
  run.endLine = Math.max(run.endLine, next.endLine);
  run.parts.push(next);
}

function toChunk(run: Run): RetrievedChunk {
  const best = run.parts.reduce((a, b) => (b.score > a.score ? b : a));
  const symbols = [...new Set(run.parts.map((p) => p.symbol).filter((s): s is string => !!s))];
  const merged: RetrievedChunk = {
    id: best.id,
    path: best.path,
    language: best.language,
    kind: best.kind,
    startLine: run.startLine,
    endLine: run.endLine,
    score: best.score,
    text: run.lines.join('\n'),
  };
  if (symbols.length) merged.symbol = symbols.join('; ');
  // A merged document passage is cited by where it starts (its first page or cell).
  const first = run.parts[0];
  if (first.page !== undefined) merged.page = first.page;
  if (first.cell !== undefined) merged.cell = first.cell;
  return merged;
}

/**
 * Merge chunks of one file whose line ranges overlap or touch (or are at most `maxGapLines` apart)
 * into one range with the text in line order, so the prompt shows one coherent passage instead of
 * fragments and repeated lines. A merged chunk keeps the best part's id and score; the result is
 * best first.
 */
export function mergeAdjacent(chunks: readonly RetrievedChunk[], maxGapLines = 0): RetrievedChunk[] {
  const byPath = new Map<string, { chunk: RetrievedChunk; order: number }[]>();
  chunks.forEach((chunk, order) => {
    const list = byPath.get(chunk.path) ?? [];
    list.push({ chunk, order });
    byPath.set(chunk.path, list);
  });
  const runs: Run[] = [];
  for (const list of byPath.values()) {
    list.sort((a, b) => a.chunk.startLine - b.chunk.startLine || a.chunk.endLine - b.chunk.endLine);
    let run: Run | undefined;
    for (const { chunk, order } of list) {
      if (run && chunk.startLine <= run.endLine + 1 + maxGapLines) {
        extend(run, chunk);
        run.firstSeen = Math.min(run.firstSeen, order);
        continue;
      }
      run = { parts: [chunk], lines: linesOf(chunk), startLine: chunk.startLine, endLine: chunk.endLine, firstSeen: order };
      runs.push(run);
    }
  }
  return runs
    .map((run) => ({ chunk: toChunk(run), order: run.firstSeen }))
    .sort((a, b) => b.chunk.score - a.chunk.score || a.order - b.order)
    .map((r) => r.chunk);
}
