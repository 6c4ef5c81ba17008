/**
 * Bounds an Office archive's decompressed size before a parser inflates and builds a DOM of it. A
 * DOCX is a zip: a few hundred KB can inflate to gigabytes of XML (millions of empty paragraphs),
 * which mammoth would parse whole. The XML parts are inflated here through the same zip reader
 * mammoth uses (so both see the same entries), counting the bytes that actually come out - headers
 * may lie about sizes - and stopping at the first byte over the limit.
 */
import JSZip from 'jszip';
import { ExtractError } from './types';

/** Parts a DOCX parser reads as XML; media (already compressed, bounded by the file size) are not. */
const XML_PART = /\.(xml|rels)$/i;

/**
 * Inflated XML allowed per DOCX: the extracted text is held to `maxChars` (1 MiB by default), and
 * even heavily formatted Word XML stays within ~20 bytes of markup per character of text.
 */
export function docxXmlLimit(maxChars: number): number {
  return Math.max(16 * 1024 * 1024, maxChars * 24);
}

/** Throws ExtractError('too-large') when the archive's XML parts inflate to more than `maxBytes`. */
export async function checkArchiveSize(data: Uint8Array, maxBytes: number): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch {
    return; // not a readable zip: the parser says so with its own message
  }
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !XML_PART.test(entry.name)) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total <= maxBytes) return;
        stream.pause();
        stream.removeAllListeners();
        reject(new ExtractError('too-large', `its XML inflates to more than ${Math.round(maxBytes / 1048576)} MiB (an archive bomb?)`));
      });
      stream.on('end', () => resolve());
      stream.on('error', () => resolve()); // a damaged entry: the parser reports it
    });
  }
}
