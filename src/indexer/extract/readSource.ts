/**
 * Reads one discovered file for chunking: ordinary files through readTextFile(), documents through
 * their extractor. A document's result carries the extracted document (sections with page, cell and
 * heading metadata) and, as `text`, its extracted text; `hash` is always the sha256 of the file's
 * bytes, so an unchanged document is never extracted again.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { DEFAULT_MAX_FILE_SIZE, readTextFile, type ReadTextResult } from '../discovery';
import { confinementSkip, fsErrorSkip, OPEN_FLAGS, type Confinement } from '../discovery/readTextFile';
import { decodeText, textSkip } from '../discovery/textContent';
import { documentText } from './documentText';
import { extractDocument } from './extractWorkerClient';
import { DOCUMENT_MAX_BYTES, documentFormatFor, isHtmlPage } from '../discovery/documentFormats';
import { ExtractError, type ExtractedDocument } from './types';

export type ReadSourceResult =
  | { ok: true; text: string; hash: string; document?: ExtractedDocument }
  | Extract<ReadTextResult, { ok: false }>;

export interface ReadSourceOptions {
  /** Bytes of text (a text file, or a document's extracted text); default 1 MiB. */
  maxFileSize?: number;
  signal?: AbortSignal;
  /** Refuse a file that no longer resolves inside this folder (swapped for a symlink since discovery). */
  confine?: Confinement;
}

async function readBytes(absPath: string, confine?: Confinement): Promise<Buffer | Extract<ReadTextResult, { ok: false }>> {
  try {
    const handle = await fs.open(absPath, OPEN_FLAGS);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
      const escaped = confine && (await confinementSkip(absPath, handle.fd, info, confine));
      if (escaped) return { ok: false, ...escaped };
      if (info.size > DOCUMENT_MAX_BYTES) return { ok: false, reason: 'too-large', detail: `${info.size} bytes (documents: ${DOCUMENT_MAX_BYTES})` };
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, ...fsErrorSkip(err) };
  }
}

export async function readSource(absPath: string, relPath: string, opts: ReadSourceOptions = {}): Promise<ReadSourceResult> {
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const format = documentFormatFor(relPath);
  if (!format) return readTextFile(absPath, { maxFileSize, confine: opts.confine });
  const bytes = await readBytes(absPath, opts.confine);
  if (!Buffer.isBuffer(bytes)) return bytes;
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (format === 'html') {
    const decoded = decodeText(bytes, true);
    if (!decoded.ok) return decoded;
    // Templates and fragments stay markup, read exactly like any other text file.
    if (!isHtmlPage(decoded.text.slice(0, 8192))) {
      if (bytes.length > maxFileSize) return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes` };
      const skip = textSkip(decoded.text);
      return skip ? { ok: false, ...skip } : { ok: true, text: decoded.text, hash };
    }
  }
  try {
    const document = await extractDocument(format, new Uint8Array(bytes), maxFileSize, opts.signal);
    if (document.sections.length === 0) return { ok: false, reason: 'extract-failed', detail: 'no text found' };
    return { ok: true, text: documentText(document).text, hash, document };
  } catch (err) {
    if (err instanceof ExtractError) return { ok: false, reason: err.reason, detail: err.message };
    throw err;
  }
}
