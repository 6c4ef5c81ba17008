/** What the chat host sends the view about sources and errors, and where a source lives (host only). */
import type { NumberedSource } from '../chat/citations';
import type { ChatEvent } from '../chat/session';
import { documentFormatFor } from '../indexer/discovery/documentFormats';
import type { ErrorAction, TurnError, WireSource } from '../protocol';
import type { SourceLocation } from './openSource';

const PREVIEW_CHARS = 1_500;

export type RetrievedText = { path: string; startLine: number; endLine: number; text: string };

/** The start of a source's passage for the hover card: the retrieved hits of that file inside its line range. */
export function previewOf(src: NumberedSource, hits: RetrievedText[]): { preview?: string } {
  const inside = hits.filter((h) => h.path === src.path && h.startLine >= src.startLine && h.endLine <= src.endLine)
    .sort((a, b) => a.startLine - b.startLine);
  const text = [...new Set(inside.map((h) => h.text))].join('\n').slice(0, PREVIEW_CHARS);
  return text ? { preview: text } : {};
}

export function toWire(s: NumberedSource): WireSource {
  const w: WireSource = { n: s.n, path: s.path, startLine: s.startLine, endLine: s.endLine, symbol: s.symbol, language: s.language, kind: s.kind };
  if (s.page !== undefined) w.page = s.page;
  if (s.cell !== undefined) w.cell = s.cell;
  return w;
}

export function toLocation(src: NumberedSource, folderOf: Map<string, string>): SourceLocation {
  const loc: SourceLocation = { folder: src.folder ?? folderOf.get(`${src.path}:${src.startLine}`) ?? '', path: src.path, startLine: src.startLine, endLine: src.endLine };
  if (src.page !== undefined) loc.page = src.page;
  if (src.cell !== undefined) loc.cell = src.cell;
  // HTML fragments are chunked as markup ('text') with real line numbers; extracted documents are not.
  if (documentFormatFor(src.path) && src.kind !== 'text') loc.extracted = true;
  return loc;
}

export function actionsFor(kind: string | undefined): ErrorAction[] {
  if (kind === 'model-missing') return ['pullModel', 'showLog'];
  if (kind === 'unreachable') return ['retry', 'openSetup', 'showLog'];
  return ['retry', 'showLog'];
}

/**
 * A failed turn as the panel shows it: the actions for its kind, the passages found (with their text)
 * and the line above them in the language of the question, as the core wrote it.
 */
export function turnErrorOf(ev: Extract<ChatEvent, { type: 'error' }>, model: string): TurnError {
  const retrievalOnly = ev.retrievalOnly?.map((src) => ({ ...toWire(src), text: ev.passages?.[src.n - 1] ?? '' }));
  return {
    message: ev.message,
    advice: ev.advice && ev.advice !== ev.message ? ev.advice : undefined,
    actions: actionsFor(ev.kind),
    model: ev.kind === 'model-missing' ? model : undefined,
    retrievalOnly,
    passagesHeading: retrievalOnly ? ev.passagesHeading : undefined,
  };
}
