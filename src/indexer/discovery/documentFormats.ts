/**
 * Which files are documents that need an extractor rather than a text read, and their limits.
 * Discovery's, so that discovery never imports extract/ (extract reads through discovery, one way).
 *
 * Limits: the document FILE may be up to DOCUMENT_MAX_BYTES (PDFs and notebooks carry images and
 * fonts, so their size says little about their text); the EXTRACTED TEXT is held to the same
 * `maxFileSize` as a text file (lore.maxFileSizeKb, default 1 MiB: roughly 300-500 pages of prose).
 */
/** Documents whose text an extractor produces (src/indexer/extract). */
export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'notebook';

export const DOCUMENT_MAX_BYTES = 64 * 1024 * 1024;

const BY_EXTENSION: Record<string, DocumentFormat> = {
  pdf: 'pdf',
  docx: 'docx',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  ipynb: 'notebook',
};

/** Document format of a path (POSIX or native separators), or undefined for ordinary files. */
export function documentFormatFor(path: string): DocumentFormat | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot > 0 ? BY_EXTENSION[base.slice(dot + 1)] : undefined;
}

/** Formats whose bytes are not text at all (discovery must not sniff them as text). */
export function isBinaryDocument(format: DocumentFormat | undefined): boolean {
  return format === 'pdf' || format === 'docx';
}

/**
 * A whole HTML page (exported wiki page, saved article) rather than a template or fragment: only
 * pages are reduced to their text; fragments (component templates) stay markup, chunked as text.
 */
export function isHtmlPage(head: string): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!doctype html/i.test(head) || /<html[\s>]/i.test(head.slice(0, 4096));
}
