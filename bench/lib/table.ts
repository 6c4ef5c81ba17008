import os from 'node:os';
import { describeMachine } from './machine';

export interface Table {
  title: string;
  /** Lines printed under the title: corpus, sizes, what is simulated. */
  notes: string[];
  columns: string[];
  rows: (string | number)[][];
}

const cell = (v: string | number): string => (typeof v === 'number' ? formatNumber(v) : v);

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** A Markdown table (readable as plain text too) headed by its title, notes and the machine. */
export function renderTable(t: Table): string {
  const rows = t.rows.map((r) => r.map(cell));
  const widths = t.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    `### ${t.title}`,
    '',
    ...t.notes.map((n) => `- ${n}`),
    `- ${describeMachine()}; load average when this table was done ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '',
    line(t.columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ].join('\n');
}

export const ms = (n: number): string => `${formatNumber(n)} ms`;
export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
export const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))];
}

/** "met" / "MISSED" against a target where lower is better. */
export const verdict = (value: number, target: number): string => (value <= target ? 'met' : 'MISSED');
