/**
 * HTML to sections: the page's main content (`<main>`, else `<article>`, else `<body>`) as plain
 * text, split at h1-h6 with the heading breadcrumb kept. Scripts, styles, navigation, sidebars and
 * forms are dropped, and so are the page-level header and footer (site chrome). Also used for DOCX,
 * which mammoth turns into semantic HTML.
 */
import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser';
import { tidyText, type DocSection } from './types';

const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'aside', 'form', 'iframe', 'button', 'select', 'head', 'title', 'meta', 'link']);
const CHROME = new Set(['header', 'footer']);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'ul', 'ol', 'dl', 'blockquote', 'table', 'figure', 'details', 'address', 'hr', 'header', 'footer',
]);
/** Elements that end a line but not a paragraph (list items, table rows). */
const LINES = new Set(['li', 'dt', 'dd', 'tr', 'br', 'figcaption', 'summary', 'caption']);
const CELLS = new Set(['td', 'th']);
const HEADING = /^h([1-6])$/;

class SectionBuilder {
  readonly sections: DocSection[] = [];
  private readonly stack: { level: number; title: string }[] = [];
  private lines: string[] = [];
  private line = '';

  text(s: string): void {
    this.line += s;
  }

  breakLine(): void {
    const l = this.line.replace(/\s+/g, ' ').trim();
    if (l) this.lines.push(l);
    this.line = '';
  }

  /** A paragraph break: blank line between blocks, so chunkers can split there. */
  paragraph(): void {
    this.breakLine();
    if (this.lines.length && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  raw(text: string): void {
    this.paragraph();
    this.lines.push(...text.replace(/\r\n?/g, '\n').replace(/^\n|\n$/g, '').split('\n'));
    this.paragraph();
  }

  heading(level: number, title: string): void {
    this.flush();
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    const t = title.replace(/\s+/g, ' ').trim();
    this.stack.push({ level, title: t || `h${level}` });
    if (t) this.lines.push(t, '');
  }

  flush(): void {
    this.breakLine();
    const text = tidyText(this.lines.join('\n'));
    if (text) this.sections.push({ text, headings: this.stack.map((h) => h.title) });
    this.lines = [];
  }
}

function walk(node: Node, b: SectionBuilder, dropChrome: boolean): void {
  if (node.nodeType === NodeType.TEXT_NODE) return b.text(node.text);
  if (node.nodeType !== NodeType.ELEMENT_NODE) return;
  const el = node as HTMLElement;
  const tag = el.tagName?.toLowerCase() ?? '';
  if (DROPPED.has(tag) || (dropChrome && CHROME.has(tag)) || el.getAttribute('hidden') !== undefined || el.getAttribute('aria-hidden') === 'true') return;
  const h = HEADING.exec(tag);
  if (h) return b.heading(Number(h[1]), el.text);
  if (tag === 'pre') return b.raw(el.text);
  const block = BLOCKS.has(tag);
  const line = LINES.has(tag);
  if (block) b.paragraph();
  else if (line) b.breakLine();
  if (tag === 'li') b.text('- ');
  for (const child of el.childNodes) walk(child, b, dropChrome);
  if (CELLS.has(tag)) b.text(' | ');
  if (line) b.breakLine();
  else if (block) b.paragraph();
}

/** Sections of an HTML page (or of an HTML fragment such as mammoth's output). */
export function htmlSections(html: string): DocSection[] {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const main = root.querySelector('main') ?? root.querySelector('article');
  const b = new SectionBuilder();
  walk(main ?? root.querySelector('body') ?? root, b, main === null);
  b.flush();
  return b.sections;
}
