/** Minimal DOM helpers: elements are built with properties, never from HTML strings. */

type Attrs = Record<string, string | undefined>;

/** `h('div', {class: 'x'}, child, 'text')`: attributes set with setAttribute, text as text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs?: Attrs, ...children: Array<Node | string | undefined>
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Array<Node | string | undefined>): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Array<Node | string | undefined>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}

/** `path:start-end` (or `path:line`); a PDF page as `file.pdf p. 3`, a notebook cell as `nb.ipynb cell 4`. */
export function locationLabel(s: { path: string; startLine: number; endLine: number; page?: number; cell?: number }): string {
  // A document's line numbers count lines of its extracted text: the page or cell is what a reader can find.
  if (s.page !== undefined) return `${s.path} p. ${s.page}`;
  if (s.cell !== undefined) return `${s.path} cell ${s.cell}`;
  const lines = s.startLine === s.endLine ? `${s.startLine}` : `${s.startLine}-${s.endLine}`;
  return `${s.path}:${lines}`;
}
