/**
 * Jupyter notebooks (nbformat 4, also 3's `worksheets`): one section per markdown or code cell, in
 * order, with the 1-based cell index for citations. Markdown cells update the heading breadcrumb
 * that following cells carry; outputs are left out (images, tables of numbers, tracebacks).
 */
import { ExtractError, tidyText, type DocSection } from './types';

interface RawCell {
  cell_type?: unknown;
  source?: unknown;
  input?: unknown;
}

const ATX = /^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;

function sourceOf(cell: RawCell): string {
  const src = cell.source ?? cell.input;
  if (typeof src === 'string') return src;
  return Array.isArray(src) ? src.filter((s): s is string => typeof s === 'string').join('') : '';
}

function kernelLanguage(nb: Record<string, unknown>): string {
  const meta = (nb.metadata ?? {}) as { language_info?: { name?: unknown }; kernelspec?: { language?: unknown } };
  const name = meta.language_info?.name ?? meta.kernelspec?.language;
  return typeof name === 'string' && /^[\w+#.-]{1,40}$/.test(name) ? name.toLowerCase() : 'python';
}

export function notebookSections(json: string): DocSection[] {
  let nb: Record<string, unknown>;
  try {
    nb = JSON.parse(json) as Record<string, unknown>;
  } catch (err) {
    throw new ExtractError('extract-failed', `not valid notebook JSON: ${(err as Error).message}`);
  }
  const worksheets = nb.worksheets as { cells?: unknown }[] | undefined;
  const cells = (Array.isArray(nb.cells) ? nb.cells : Array.isArray(worksheets) ? worksheets.flatMap((w) => (Array.isArray(w.cells) ? w.cells : [])) : undefined) as RawCell[] | undefined;
  if (!cells) throw new ExtractError('extract-failed', 'no cells (not a Jupyter notebook?)');
  const language = kernelLanguage(nb);
  const stack: { level: number; title: string }[] = [];
  const sections: DocSection[] = [];
  cells.forEach((cell, i) => {
    const text = tidyText(sourceOf(cell));
    if (cell.cell_type === 'markdown') {
      // The cell's own first heading names it; later headings in it shape what follows.
      let first: string[] | undefined;
      for (const line of text.split('\n')) {
        const m = ATX.exec(line);
        if (!m) continue;
        while (stack.length && stack[stack.length - 1].level >= m[1].length) stack.pop();
        stack.push({ level: m[1].length, title: m[2].trim() });
        first ??= stack.map((s) => s.title);
      }
      if (text) sections.push({ text, headings: first ?? stack.map((s) => s.title), cell: i + 1, kind: 'doc', language: 'markdown' });
    } else if (cell.cell_type === 'code' && text) {
      sections.push({ text, headings: stack.map((s) => s.title), cell: i + 1, kind: 'code', language });
    }
  });
  return sections;
}
