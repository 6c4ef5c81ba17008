/** A line range in a file (1-based, inclusive). */
export interface Range {
  path: string;
  startLine: number;
  endLine: number;
}

/** 1-based rank of the first hit in `gold`'s file among the distinct files of `hits`, or 0 when absent within `cutoff`. */
export function fileRank(hits: readonly Pick<Range, 'path'>[], gold: Pick<Range, 'path'>, cutoff: number): number {
  const seen = new Set<string>();
  for (const h of hits) {
    if (seen.has(h.path)) continue;
    seen.add(h.path);
    if (seen.size > cutoff) return 0;
    if (h.path === gold.path) return seen.size;
  }
  return 0;
}

/** 1-based rank of the first hit whose range overlaps `gold` in the same file, or 0 when none within `cutoff`. */
export function chunkRank(hits: readonly Range[], gold: Range, cutoff: number): number {
  const n = Math.min(hits.length, cutoff);
  for (let i = 0; i < n; i++) {
    const h = hits[i];
    if (h.path === gold.path && h.startLine <= gold.endLine && h.endLine >= gold.startLine) return i + 1;
  }
  return 0;
}

export interface Summary {
  n: number;
  acc1: number;
  acc5: number;
  acc10: number;
  mrr: number;
}

/** Acc@k = share of queries answered within rank k; MRR = mean of 1/rank (0 for a miss). Ranks are 1-based, 0 = miss. */
export function summarize(ranks: readonly number[]): Summary {
  const n = ranks.length;
  const share = (k: number) => (n === 0 ? 0 : ranks.filter((r) => r > 0 && r <= k).length / n);
  const mrr = n === 0 ? 0 : ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n;
  return { n, acc1: share(1), acc5: share(5), acc10: share(10), mrr };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
