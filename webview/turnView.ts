/**
 * One question/answer turn. Built once, then updated part by part: thinking text is appended,
 * the answer's Markdown is re-rendered (for this turn only) at most once per animation frame.
 * Clicks are handled by delegation in webview/app.ts through the data-* attributes set here.
 */
import type { WirePassage, WireSource } from '../src/protocol';
import { h, locationLabel } from './dom';
import { highlightToHtml } from './highlight';
import { icon } from './icons';
import { renderInlineMarkdown, renderMarkdown } from './markdown';
import { enhanceCodeBlocks } from './codeBlocks';
import { parseSanitized } from './sanitize';
import type { TurnView } from './state';
import { stableBoundary } from './streamSplit';

const ACTION_LABELS = { pullModel: 'Pull model', retry: 'Retry', openSetup: 'Open setup guide', showLog: 'Show log' } as const;

export class TurnElement {
  readonly root: HTMLElement;
  private readonly status = h('div', { class: 'lore-status', role: 'status' });
  private readonly response = h('div', { class: 'lore-response' });
  private readonly answer = h('div', { class: 'lore-answer lore-markdown', 'aria-live': 'polite' });
  private thinking?: { box: HTMLElement; text: HTMLElement; length: number };
  private renderedAnswer = '';
  /** While streaming: answer[0, stableLength) is rendered for good; only the tail is re-parsed. */
  private stableLength = 0;
  private tailNodes: ChildNode[] = [];
  private renderedFinal = false;
  private renderedSourcesKey = '';
  private extras = h('div', { class: 'lore-extras' });
  private renderedExtrasKey = '';

  constructor(readonly turnId: string) {
    this.root = h('article', { class: 'lore-turn', 'data-turn-id': turnId });
  }

  /** Brings the DOM in line with `turn`. `sources` are the ones to list (per the setting). */
  update(turn: TurnView, sources: WireSource[]): void {
    if (!this.root.firstChild) this.buildQuestion(turn);
    this.root.classList.toggle('streaming', turn.state === 'streaming');
    this.status.textContent = turn.status ?? '';
    this.status.hidden = !turn.status;
    this.updateThinking(turn);
    const sourcesKey = JSON.stringify(turn.sources);
    const streaming = turn.state === 'streaming';
    const sourcesChanged = sourcesKey !== this.renderedSourcesKey;
    if (turn.answer !== this.renderedAnswer || sourcesChanged || (!streaming && !this.renderedFinal)) {
      this.renderAnswer(turn, streaming, sourcesChanged);
      this.renderedAnswer = turn.answer;
      this.renderedFinal = !streaming;
    }
    this.answer.setAttribute('aria-busy', String(turn.state === 'streaming'));
    this.answer.hidden = turn.answer === '' && turn.state !== 'streaming';
    const extrasKey = JSON.stringify([turn.state, turn.error, turn.cited, sources]);
    if (extrasKey !== this.renderedExtrasKey || sourcesKey !== this.renderedSourcesKey) {
      this.renderExtras(turn, sources);
      this.renderedExtrasKey = extrasKey;
    }
    this.renderedSourcesKey = sourcesKey;
  }

  private buildQuestion(turn: TurnView): void {
    const sel = turn.selection
      ? h('div', { class: 'lore-selection-ref', title: 'Asked about this selection' }, icon('selection'), locationLabel(turn.selection))
      : undefined;
    const question = h('div', { class: 'lore-question' }, h('div', { class: 'lore-question-text' }, turn.question), sel);
    this.response.append(this.status, this.answer, this.extras);
    this.root.append(question, this.response);
  }

  private updateThinking(turn: TurnView): void {
    if (!turn.thinking) return;
    if (!this.thinking) {
      const text = h('div', { class: 'lore-thinking-text' });
      const box = h('vscode-collapsible', { class: 'lore-thinking', heading: 'Thinking' }, text);
      this.response.insertBefore(box, this.answer);
      this.thinking = { box, text, length: 0 };
    }
    const t = this.thinking;
    // Thinking is plain text: append only the new part, as a text node (never parsed as HTML).
    if (turn.thinking.length > t.length) t.text.append(turn.thinking.slice(t.length));
    else if (turn.thinking.length < t.length) t.text.textContent = turn.thinking;
    t.length = turn.thinking.length;
    t.box.setAttribute('description', turn.state === 'streaming' && !turn.answer ? 'thinking…' : '');
  }

  private renderAnswer(turn: TurnView, streaming: boolean, restart: boolean): void {
    const byN = new Map(turn.sources.map((s) => [s.n, s]));
    const render = (src: string): DocumentFragment => {
      const fragment = parseSanitized(renderMarkdown(src, {
        sourceLabel: (n) => {
          const s = byN.get(n);
          return s ? locationLabel(s) : undefined;
        },
      }));
      enhanceCodeBlocks(fragment);
      return fragment;
    };
    const text = turn.answer;
    if (!streaming || restart || !text.startsWith(this.renderedAnswer)) {
      // Final (or changed) answer: one full parse, so block structure is exactly markdown-it's.
      this.stableLength = 0;
      this.tailNodes = [];
      this.answer.replaceChildren();
      if (!streaming) {
        this.answer.append(render(text));
        return;
      }
    }
    for (const n of this.tailNodes) n.remove();
    const boundary = stableBoundary(text, this.stableLength);
    if (boundary > this.stableLength) {
      this.answer.append(render(text.slice(this.stableLength, boundary)));
      this.stableLength = boundary;
    }
    const tail = render(text.slice(this.stableLength));
    this.tailNodes = Array.from(tail.childNodes);
    this.answer.append(tail);
  }

  private renderExtras(turn: TurnView, sources: WireSource[]): void {
    const parts: HTMLElement[] = [];
    if (turn.state === 'stopped') parts.push(h('div', { class: 'lore-note' }, 'Stopped.'));
    if (turn.error) {
      parts.push(this.errorCard(turn));
      if (turn.error.retrievalOnly?.length) parts.push(passageList(turn.error.retrievalOnly));
    }
    if (sources.length && !turn.error?.retrievalOnly?.length) parts.push(sourceList(sources, turn));
    this.extras.replaceChildren(...parts);
  }

  private errorCard(turn: TurnView): HTMLElement {
    const e = turn.error!;
    const actions = (e.actions ?? []).filter((a) => a !== 'pullModel' || e.model);
    const buttons = actions.map((a, i) => {
      const b = h('vscode-button', { 'data-action': a, 'data-model': a === 'pullModel' ? e.model : undefined },
        a === 'pullModel' ? `Pull ${e.model}` : ACTION_LABELS[a]);
      if (i > 0) b.setAttribute('secondary', '');
      return b;
    });
    return h('div', { class: 'lore-error', role: 'alert' },
      h('div', { class: 'lore-error-head' }, icon('error', 'lore-icon lore-error-icon'), inline('span', e.message)),
      e.advice ? inline('div', e.advice, 'lore-error-advice') : undefined,
      buttons.length ? h('div', { class: 'lore-error-actions' }, ...buttons) : undefined);
  }
}

/** Host text with inline Markdown (`code`), through the same escaping renderer as answers. */
function inline(tag: 'span' | 'div', text: string, className?: string): HTMLElement {
  const el = h(tag, { class: className ? `${className} lore-markdown` : 'lore-markdown' });
  el.append(parseSanitized(renderInlineMarkdown(text)));
  return el;
}

function sourceButton(s: WireSource, cited: boolean | undefined): HTMLElement {
  const label = locationLabel(s);
  return h('button', {
    type: 'button', class: `lore-source${cited === false ? ' uncited' : ''}`, 'data-source': String(s.n),
    title: `Open ${label}`, 'aria-label': `Open source ${s.n}: ${label}${s.symbol ? `, ${s.symbol}` : ''}`,
  },
  h('span', { class: 'lore-source-n' }, String(s.n)),
  icon('file'),
  h('span', { class: 'lore-source-path' }, label),
  s.symbol ? h('span', { class: 'lore-source-symbol' }, s.symbol) : undefined);
}

function sourceList(sources: WireSource[], turn: TurnView): HTMLElement {
  const done = turn.state !== 'streaming' && turn.cited.length > 0;
  const cited = new Set(turn.cited);
  return h('section', { class: 'lore-sources', 'aria-label': 'Sources' },
    h('div', { class: 'lore-section-title' }, `Sources (${sources.length})`),
    h('ul', {}, ...sources.map((s) => h('li', {}, sourceButton(s, done ? cited.has(s.n) : undefined)))));
}

function passageList(passages: WirePassage[]): HTMLElement {
  return h('section', { class: 'lore-passages', 'aria-label': 'Best matching passages' },
    h('div', { class: 'lore-section-title' }, 'Best matching passages'),
    ...passages.map((p) => {
      const code = h('code', {});
      const html = highlightToHtml(p.text, p.language);
      if (html === undefined) code.textContent = p.text;
      else code.append(parseSanitized(html));
      return h('div', { class: 'lore-passage' }, sourceButton(p, undefined), h('pre', {}, code));
    }));
}
