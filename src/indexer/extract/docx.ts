/**
 * DOCX through mammoth, which maps Word's paragraph styles to semantic HTML (Heading 1 -> h1...);
 * the HTML extractor then keeps the heading breadcrumb. A password-protected .docx is not a zip but
 * an OLE compound file (Word wraps the encrypted package in one), recognised by its magic bytes.
 */
import mammoth from 'mammoth';
import { checkArchiveSize, docxXmlLimit } from './archiveLimits';
import { htmlSections } from './html';
import { ExtractError, type DocSection } from './types';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export async function docxSections(data: Uint8Array, maxChars: number): Promise<DocSection[]> {
  if (OLE_MAGIC.every((b, i) => data[i] === b)) throw new ExtractError('encrypted', 'password-protected (or legacy OLE) Word file');
  await checkArchiveSize(data, docxXmlLimit(maxChars));
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }, { ignoreEmptyParagraphs: true });
    html = result.value;
  } catch (err) {
    throw new ExtractError('extract-failed', `not a readable .docx: ${err instanceof Error ? err.message : String(err)}`);
  }
  return htmlSections(html);
}
