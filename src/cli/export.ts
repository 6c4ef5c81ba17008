/**
 * `lore export [folder] --format jsonl [--out FILE] [--qa N]`: the knowledge base as a dataset.
 * One JSON record per line: every indexed chunk (`type: "chunk"`), then with `--qa N` N
 * question/answer pairs (`type: "qa"`) the chat model wrote from sampled chunks, each with the
 * reference of its chunk. Reads only the index, so skipped files were never in it; secret paths are
 * checked again in case the patterns changed since indexing.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { isSecretPath } from '../indexer/discovery';
import type { Chunk } from '../indexer/types';
import { parseQa, qaPrompt, sampleForQa, type ChatMessage } from './exportQa';

export interface ChunkRecord {
  type: 'chunk';
  id: string;
  path: string;
  language: string;
  kind: Chunk['kind'];
  startLine: number;
  endLine: number;
  symbol?: string;
  page?: number;
  cell?: number;
  text: string;
}

export interface QaRecord {
  type: 'qa';
  question: string;
  answer: string;
  source: Omit<ChunkRecord, 'type' | 'text' | 'language' | 'kind'>;
}

export interface ExportDeps {
  chunks: () => AsyncIterable<Chunk>;
  /** Needed for `qa` > 0: one non-streaming chat call. */
  chat?: (messages: ChatMessage[], signal?: AbortSignal) => Promise<string>;
}

export interface ExportOptions {
  write: (line: string) => Promise<void>;
  qa?: number;
  onProgress?: (text: string) => void;
  signal?: AbortSignal;
}

export interface ExportReport {
  chunks: number;
  pairs: number;
  /** Chunks whose reply had no usable pair, or whose chat call failed. */
  qaFailed: number;
  qaError?: string;
}

function reference(c: Chunk): QaRecord['source'] {
  const r: QaRecord['source'] = { id: c.id, path: c.path, startLine: c.startLine, endLine: c.endLine };
  if (c.symbol) r.symbol = c.symbol;
  if (c.page !== undefined) r.page = c.page;
  if (c.cell !== undefined) r.cell = c.cell;
  return r;
}

export function chunkRecord(c: Chunk): ChunkRecord {
  const { text, language, kind } = c;
  return { type: 'chunk', ...reference(c), language, kind, text };
}

export async function exportDataset(deps: ExportDeps, opts: ExportOptions): Promise<ExportReport> {
  const report: ExportReport = { chunks: 0, pairs: 0, qaFailed: 0 };
  const candidates: Pick<Chunk, 'id' | 'path' | 'startLine' | 'text'>[] = [];
  const wantQa = (opts.qa ?? 0) > 0;
  for await (const c of deps.chunks()) {
    opts.signal?.throwIfAborted();
    if (isSecretPath(c.path)) continue;
    await opts.write(JSON.stringify(chunkRecord(c)) + '\n');
    report.chunks++;
    if (wantQa) candidates.push({ id: c.id, path: c.path, startLine: c.startLine, text: c.text.length > 200 ? c.text.slice(0, 200) : c.text });
    if (report.chunks % 500 === 0) opts.onProgress?.(`exported ${report.chunks} chunks`);
  }
  if (!wantQa) return report;
  if (!deps.chat) throw new Error('--qa needs a chat model');
  const picked = new Set(sampleForQa(candidates, opts.qa ?? 0));
  const chosen: Chunk[] = [];
  for await (const c of deps.chunks()) if (picked.has(c.id)) chosen.push(c);
  for (const [i, c] of chosen.entries()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.(`writing question/answer pair ${i + 1}/${chosen.length} (${c.path})`);
    let pair: ReturnType<typeof parseQa>;
    try {
      pair = parseQa(await deps.chat(qaPrompt(c), opts.signal));
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      report.qaError = err instanceof Error ? err.message : String(err);
      report.qaFailed += chosen.length - i;
      break; // the model is unreachable or missing: the next calls would fail the same way
    }
    if (!pair) {
      report.qaFailed++;
      continue;
    }
    const record: QaRecord = { type: 'qa', question: pair.question, answer: pair.answer, source: reference(c) };
    await opts.write(JSON.stringify(record) + '\n');
    report.pairs++;
  }
  return report;
}

/** A line writer over a file (or stdout), honouring backpressure. */
export function lineWriter(out: string | undefined): { write: (line: string) => Promise<void>; close: () => Promise<void> } {
  const stream = out ? createWriteStream(out, { encoding: 'utf8' }) : process.stdout;
  return {
    write: async (line) => {
      if (!stream.write(line)) await once(stream, 'drain');
    },
    close: async () => {
      if (stream === process.stdout) return;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
