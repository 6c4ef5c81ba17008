/**
 * What the document extractors produce: the text of a document as a list of sections, each with the
 * place it came from (heading breadcrumb, PDF page, notebook cell). Pure data; it crosses the
 * worker-thread boundary, so it must survive structured cloning.
 */
import type { ChunkKind, SkipReason } from '../types';
import type { DocumentFormat } from '../discovery/documentFormats';

export type { DocumentFormat };

export interface DocSection {
  /** Plain text, LF line ends, no leading/trailing blank lines. */
  text: string;
  /** Heading breadcrumb in force for this section (`Setup > Linux`); empty before the first heading. */
  headings: string[];
  /** 1-based PDF page the section is on. */
  page?: number;
  /** 1-based notebook cell the section is. */
  cell?: number;
  /** Default 'doc'; notebook code cells are 'code'. */
  kind?: ChunkKind;
  /** Default: the document's language; a notebook code cell has the kernel's (`python`). */
  language?: string;
}

export interface ExtractedDocument {
  format: DocumentFormat;
  /** Language id stored on chunks (`pdf`, `docx`, `html`, `markdown` for notebook prose). */
  language: string;
  sections: DocSection[];
}

/** Why a document yields no text. */
export class ExtractError extends Error {
  constructor(readonly reason: Extract<SkipReason, 'encrypted' | 'extract-failed' | 'too-large'>, detail: string) {
    super(detail);
    this.name = 'ExtractError';
  }
}

/** Collapses runs of blank lines and trims blank lines at both ends (extractors emit ragged text). */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}
