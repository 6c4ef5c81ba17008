import type { Summary } from './metrics';

export interface Row {
  embedder: string;
  mode: string;
  file: Summary;
  chunk?: Summary;
  medianMs?: number;
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
const mrr = (x: number) => x.toFixed(3).padStart(5);

/** One plain-text table: file level and chunk level side by side, latency last. */
export function formatTable(rows: readonly Row[]): string {
  const head = ['embedder ', 'mode     ', '|', 'file@1', 'file@5', 'file@10', 'fileMRR', '|', 'chunk@1', 'chunk@5', 'chunk@10', 'chunkMRR', '|', 'median ms'];
  const lines = [head.join(' ')];
  for (const r of rows) {
    const c = r.chunk;
    const cells = [
      r.embedder.padEnd(9),
      r.mode.padEnd(9),
      '|',
      pct(r.file.acc1).padStart(6),
      pct(r.file.acc5).padStart(6),
      pct(r.file.acc10).padStart(7),
      mrr(r.file.mrr).padStart(7),
      '|',
      (c ? pct(c.acc1) : '-').padStart(7),
      (c ? pct(c.acc5) : '-').padStart(7),
      (c ? pct(c.acc10) : '-').padStart(8),
      (c ? mrr(c.mrr) : '-').padStart(8),
      '|',
      (r.medianMs === undefined ? '-' : r.medianMs.toFixed(2)).padStart(9),
    ];
    lines.push(cells.join(' '));
  }
  return lines.join('\n');
}
