/** Text extraction from documents: PDF, DOCX, HTML pages, Jupyter notebooks. */
export { documentText, type DocumentText } from './documentText';
export { extractDocument, EXTRACT_TIMEOUT_MS } from './extractWorkerClient';
export { DOCUMENT_MAX_BYTES, documentFormatFor, isBinaryDocument, isHtmlPage } from '../discovery/documentFormats';
export { readSource, type ReadSourceOptions, type ReadSourceResult } from './readSource';
export { ExtractError, type DocSection, type DocumentFormat, type ExtractedDocument } from './types';
