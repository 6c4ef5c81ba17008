import type { SearchHit } from '../indexer/types';
import { cliAdvice } from './errors';

/**
 * C0 and C1 control characters other than newline and tab (and DEL). Indexed text, file names and
 * model answers are not ours: written raw, ESC ] 0; sets the terminal title, ESC [2J clears the
 * screen, OSC 52 writes the clipboard, CR overwrites what was printed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` safe for a terminal: CR is dropped, every other control becomes the visible `\u001b`
 * notation, which inside a JSON string is the same character (JSON output stays valid and exact).
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => (c === '\r' ? '' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

type Write = (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;

/** stderr's own write, for the progress line's deliberate `\r` + erase-line. */
let rawStderrWrite: ((text: string) => boolean) | undefined;

/**
 * Every string the CLI writes to stdout or stderr goes through escapeControls from here on: one
 * place covers search hits, answers streamed from the model, sources, status, skip details and
 * --verbose logs, including any line added later. Not for `lore mcp`, whose stdout is a protocol.
 */
export function guardTerminalOutput(): void {
  if (rawStderrWrite) return;
  const stderrWrite = process.stderr.write.bind(process.stderr) as Write;
  rawStderrWrite = (text) => stderrWrite(text);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as Write;
    const guarded: Write = (chunk, ...rest) => write(typeof chunk === 'string' ? escapeControls(chunk) : chunk, ...rest);
    stream.write = guarded as typeof stream.write;
  }
}

function writeStderrRaw(text: string): void {
  if (rawStderrWrite) rawStderrWrite(text);
  else process.stderr.write(text);
}

/** One clear line on stderr; never interleaved with the machine-readable stdout. */
export function note(message: string): void {
  process.stderr.write(`lore: ${cliAdvice(message)}\n`);
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

/** How often a piped `lore index` prints a progress line (a terminal gets every update in place). */
export const PIPED_PROGRESS_MS = Number(process.env.LORE_PROGRESS_MS ?? 5_000);
// The first line comes after one interval: a quick run stays as quiet as before.
let lastPiped = Date.now();

/** Progress on a TTY stderr: one line rewritten in place; when piped, a full line every few seconds. */
export function progressLine(text: string): void {
  if (!process.stderr.isTTY) {
    const now = Date.now();
    if (now - lastPiped < PIPED_PROGRESS_MS) return;
    lastPiped = now;
    process.stderr.write(`lore: ${text}\n`);
    return;
  }
  writeStderrRaw(`\r\x1b[2K${escapeControls(text)}`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) writeStderrRaw('\r\x1b[2K');
}
