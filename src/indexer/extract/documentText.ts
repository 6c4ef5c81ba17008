/**
 * The extracted text of a document, as chunks and citations see it: sections joined by one blank
 * line. Chunk line numbers of documents count lines of THIS text, so `lore export` and tests can
 * check a chunk against it, and adjacent chunks merge as they do for files.
 */
import type { ExtractedDocument } from './types';

export interface DocumentText {
  text: string;
  /** 1-based inclusive line range of each section in `text`. */
  ranges: { start: number; end: number }[];
}

export function documentText(doc: ExtractedDocument): DocumentText {
  const parts: string[] = [];
  const ranges: DocumentText['ranges'] = [];
  let line = 1;
  for (const s of doc.sections) {
    const count = s.text.split('\n').length;
    ranges.push({ start: line, end: line + count - 1 });
    parts.push(s.text);
    line += count + 1;
  }
  return { text: parts.join('\n\n'), ranges };
}
