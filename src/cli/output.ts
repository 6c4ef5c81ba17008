import type { SearchHit } from '../indexer/types';

/** One clear line on stderr; never interleaved with the machine-readable stdout. */
export function note(message: string): void {
  process.stderr.write(`lore: ${message}\n`);
}

/** "<why>; <what we do instead>." as one sentence. */
export function fallback(reason: string, instead: string): void {
  note(`${reason.replace(/[.\s]+$/, '')}; ${instead}.`);
}

export function formatRange(h: { path: string; startLine: number; endLine: number }): string {
  return `${h.path}:${h.startLine}-${h.endLine}`;
}

export function printHits(hits: SearchHit[]): void {
  if (hits.length === 0) {
    process.stdout.write('No results.\n');
    return;
  }
  for (const h of hits) {
    const symbol = h.symbol ? `  ${h.symbol}` : '';
    process.stdout.write(`${h.score.toFixed(4)}  ${formatRange(h)}${symbol}\n`);
  }
}

/** Progress on a TTY stderr: one line rewritten in place; silent when piped. */
export function progressLine(text: string): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r\x1b[2K${text}`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
