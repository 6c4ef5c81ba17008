/**
 * PDF text per page with pdfjs-dist (legacy build: runs on Node 20, no native code). One section
 * per page, symbol `Page N`; lines are rebuilt from the text items' positions, and a vertical gap
 * larger than a line becomes a paragraph break so chunks split between paragraphs. Pages are read
 * one at a time with a yield in between, so even in-process the event loop is never held for a
 * whole document.
 */
import { installDomShims } from './domShims';
import { ExtractError, tidyText, type DocSection } from './types';

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
  height?: number;
}

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfjsModule> | undefined;

/** Loads pdfjs once, with its worker code in this thread (pdfjs's "fake worker" path). */
function loadPdfjs(): Promise<PdfjsModule> {
  pdfjsPromise ??= (async () => {
    installDomShims();
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as Record<string, unknown>).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsPromise;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function pageText(items: readonly TextItemLike[]): string {
  let out = '';
  let lastY: number | undefined;
  let lastHeight = 0;
  for (const item of items) {
    const str = item.str ?? '';
    const y = item.transform?.[5];
    const height = Math.abs(item.height ?? item.transform?.[3] ?? 0) || lastHeight || 10;
    if (y !== undefined && lastY !== undefined && Math.abs(y - lastY) > height * 0.5 && !out.endsWith('\n')) out += '\n';
    if (y !== undefined && lastY !== undefined && Math.abs(y - lastY) > Math.max(height, lastHeight) * 1.8) out += '\n';
    out += str;
    if (item.hasEOL) out += '\n';
    if (y !== undefined && str !== '') { lastY = y; lastHeight = height; }
  }
  return tidyText(out);
}

function classify(err: unknown): ExtractError {
  if (err instanceof ExtractError) return err;
  const name = (err as { name?: string } | undefined)?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return new ExtractError('encrypted', 'password-protected PDF');
  return new ExtractError('extract-failed', `${name && name !== 'Error' ? `${name}: ` : ''}${message}`);
}

/** Sections (one per page with text) of the PDF in `data`; throws ExtractError. */
export async function pdfSections(data: Uint8Array, maxChars: number): Promise<DocSection[]> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  let doc: Awaited<typeof task.promise> | undefined;
  try {
    doc = await task.promise;
    const sections: DocSection[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      page.cleanup();
      const text = pageText(content.items as TextItemLike[]);
      chars += text.length;
      if (chars > maxChars) throw new ExtractError('too-large', `extracted text exceeds ${maxChars} characters by page ${n} of ${doc.numPages}`);
      if (text) sections.push({ text, headings: [`Page ${n}`], page: n });
      await tick();
    }
    if (sections.length === 0 && doc.numPages > 0) throw new ExtractError('extract-failed', `no text layer in ${doc.numPages} page(s) (scanned? OCR is not supported)`);
    return sections;
  } catch (err) {
    throw classify(err);
  } finally {
    await (doc ? doc.destroy() : task.destroy()).catch(() => undefined);
  }
}
