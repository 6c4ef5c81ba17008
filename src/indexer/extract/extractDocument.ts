/** Runs the extractor for one format on a document's bytes, in the current thread. */
import { decodeText } from '../discovery/textContent';
import { docxSections } from './docx';
import { htmlSections } from './html';
import { notebookSections } from './notebook';
import { pdfSections } from './pdf';
import { ExtractError, type DocSection, type DocumentFormat, type ExtractedDocument } from './types';

const LANGUAGE: Record<DocumentFormat, string> = { pdf: 'pdf', docx: 'docx', html: 'html', notebook: 'notebook' };

function decode(data: Uint8Array): string {
  const verdict = decodeText(data, true);
  if (!verdict.ok) throw new ExtractError('extract-failed', `${verdict.reason}: ${verdict.detail}`);
  return verdict.text;
}

/** `maxChars` bounds the extracted text (see formats.ts); throws ExtractError. */
export async function extractInThread(format: DocumentFormat, data: Uint8Array, maxChars: number): Promise<ExtractedDocument> {
  let sections: DocSection[];
  switch (format) {
    case 'pdf':
      sections = await pdfSections(data, maxChars);
      break;
    case 'docx':
      sections = await docxSections(data, maxChars);
      break;
    case 'html':
      sections = htmlSections(decode(data));
      break;
    case 'notebook':
      sections = notebookSections(decode(data));
      break;
  }
  const chars = sections.reduce((n, s) => n + s.text.length + 2, 0);
  if (chars > maxChars) throw new ExtractError('too-large', `extracted text is ${chars} characters (limit ${maxChars})`);
  return { format, language: LANGUAGE[format], sections };
}
