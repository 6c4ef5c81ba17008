/**
 * Markdown rendering of model output (hostile input) with markdown-it: raw HTML off, no linkify,
 * no images, links only for http(s) and even those rendered as non-navigating text, `[n]` citations
 * turned into chip tokens by a core rule (never by editing the produced HTML).
 */
import MarkdownIt, { type Env, type Token } from 'markdown-it';
import { splitCitations } from './citations';
import { highlightToHtml } from './highlight';
import { isAllowedLink, isWebUrl } from './linkSafety';

/** Per-render context: which source numbers exist, and how to describe them. */
export interface RenderEnv {
  sourceLabel(n: number): string | undefined;
}

const md = new MarkdownIt({
  html: false,
  linkify: false,
  typographer: false,
  highlight: (code, lang) => {
    const html = highlightToHtml(code, lang);
    // Returning '' makes markdown-it escape the code itself.
    return html === undefined ? '' : html;
  },
});
// Images from model output could fetch remote URLs (tracking/exfiltration); CSP would block them,
// but not parsing them at all is clearer: `![alt](url)` stays text.
md.disable('image');
md.validateLink = isAllowedLink;

const escapeHtml = md.utils.escapeHtml;

// Links: an http(s) URL becomes a span that shows the URL on hover; nothing navigates in the view.
md.renderer.rules.link_open = (tokens, idx) => {
  const href = String(tokens[idx]!.attrGet('href') ?? '');
  return isWebUrl(href) ? `<span class="lore-link" title="${escapeHtml(href)}">` : '<span class="lore-link-text">';
};
md.renderer.rules.link_close = () => '</span>';

// Table alignment is emitted as a `style` attribute, which the CSP forbids; use a class instead.
md.core.ruler.push('lore_table_align', (state) => {
  for (const t of state.tokens) {
    if (t.type !== 'th_open' && t.type !== 'td_open') continue;
    const align = /text-align:(left|center|right)/.exec(String(t.attrGet('style') ?? ''))?.[1];
    t.attrs = align ? [['class', `align-${align}`]] : null;
  }
});

md.core.ruler.push('lore_citations', (state) => {
  const env = state.env as Partial<RenderEnv>;
  if (typeof env.sourceLabel !== 'function') return;
  const known = (n: number) => env.sourceLabel!(n) !== undefined;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let inLink = 0;
    for (const child of block.children) {
      if (child.type === 'link_open') inLink++;
      if (child.type === 'link_close') inLink--;
      if (child.type !== 'text' || inLink > 0 || !child.content.includes('[')) {
        out.push(child);
        continue;
      }
      for (const piece of splitCitations(child.content, known)) {
        const t = new state.Token('text', '', 0);
        if ('cite' in piece) {
          t.type = 'lore_cite';
          t.meta = { n: piece.cite };
        } else {
          t.content = piece.text;
        }
        out.push(t);
      }
    }
    block.children = glueCitePunctuation(out);
  }
});

/**
 * Moves punctuation that directly follows a chip ("[1]." / "[2],") into the chip's token, rendered in one
 * no-wrap group: a button is an atomic inline, and browsers otherwise break lines between it and the
 * period, leaving the period alone at the start of the next line.
 */
function glueCitePunctuation(tokens: Token[]): Token[] {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const cite = tokens[i]!;
    const next = tokens[i + 1]!;
    if (cite.type !== 'lore_cite' || next.type !== 'text') continue;
    const punct = /^[.,;:!?)]+/.exec(next.content)?.[0];
    if (!punct) continue;
    (cite.meta as { after?: string }).after = punct;
    next.content = next.content.slice(punct.length);
  }
  return tokens.filter((t) => t.type !== 'text' || t.content !== '');
}

md.renderer.rules.lore_cite = (tokens, idx, _options, env) => {
  const { n, after } = tokens[idx]!.meta as { n: number; after?: string };
  const label = (env as Partial<RenderEnv> | undefined)?.sourceLabel?.(n) ?? '';
  const chip = `<button type="button" class="lore-cite" data-cite="${n}" title="${escapeHtml(label)}"` +
    ` aria-label="Source ${n}: ${escapeHtml(label)}">${n}</button>`;
  return after ? `<span class="lore-cite-group">${chip}${escapeHtml(after)}</span>` : chip;
};

/** HTML for an answer. Safe to parse: markdown-it escapes all text, raw HTML is disabled. */
export function renderMarkdown(src: string, env: RenderEnv): string {
  return md.render(src, env as unknown as Env);
}

/** HTML for one line of host text (error message, advice) with inline Markdown such as `code`. */
export function renderInlineMarkdown(src: string): string {
  return md.renderInline(src, { sourceLabel: () => undefined } as unknown as Env);
}
