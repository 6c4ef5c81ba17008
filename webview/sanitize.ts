/**
 * Second line of defence for rendered model output. markdown-it with `html: false` already escapes
 * everything, but the rendered HTML is parsed in an inert <template> and walked here before it is
 * attached: only the elements and attributes our renderer produces survive.
 */

const ALLOWED_TAGS = new Set([
  'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'CODE', 'SPAN', 'EM',
  'STRONG', 'S', 'DEL', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'HR', 'BR', 'BUTTON', 'DIV',
]);
const ALLOWED_ATTRS = new Set(['class', 'title', 'data-cite', 'aria-label', 'type', 'start']);

/** Parses trusted-renderer HTML into a detached fragment, dropping anything unexpected. */
export function parseSanitized(html: string): DocumentFragment {
  const template = document.createElement('template');
  // A template's content is inert: no script runs and no image loads while we inspect it.
  template.innerHTML = html;
  sanitizeTree(template.content);
  return template.content;
}

export function sanitizeTree(root: DocumentFragment | Element): void {
  const elements = Array.from(root.querySelectorAll('*'));
  for (const el of elements) {
    if (!ALLOWED_TAGS.has(el.tagName)) {
      // Keep the text of an unknown element visible, never its markup.
      el.replaceWith(document.createTextNode(el.textContent ?? ''));
      continue;
    }
    for (const attr of Array.from(el.attributes)) {
      if (!ALLOWED_ATTRS.has(attr.name)) el.removeAttribute(attr.name);
    }
    if (el.tagName === 'BUTTON') el.setAttribute('type', 'button');
  }
}
