/**
 * One question/answer turn. Built once, then updated part by part: thinking text is appended,
 * the answer's Markdown is re-rendered (for this turn only) at most once per animation frame.
 * Clicks are handled by delegation in webview/app.ts through the data-* attributes set here.
 */
import type { WirePassage, WireSource } from '../src/protocol';
import { h, locationLabel } from './dom';
import { t } from './i18n';
import { highlightToHtml } from './highlight';
import { icon } from './icons';
import { renderInlineMarkdown, renderMarkdown } from './markdown';
import { enhanceCodeBlocks } from './codeBlocks';
import { parseSanitized } from './sanitize';
import type { TurnView } from './state';
import { stableBoundary } from './streamSplit';

const ACTION_LABELS = { pullModel: () => t('pullModel'), retry: () => t('retry'), openSetup: () => t('openSetupGuide'), showLog: () => t('showLog') } as const;
const DONE_ANNOUNCEMENT = { done: () => t('answerComplete'), stopped: () => t('answerStopped'), error: () => '', streaming: () => '' } as const;

export class TurnElement {
  readonly root: HTMLElement;
  private readonly status = h('div', { class: 'lore-status', role: 'status' });
  private readonly response = h('div', { class: 'lore-response' });
  // Not aria-live: a live region re-read on every streamed token is noise. `announce` says when it is done.
  private readonly answer = h('div', { class: 'lore-answer lore-markdown', role: 'region', 'aria-label': t('answer') });
  private readonly announce = h('div', { class: 'lore-sr-only', role: 'status' });
  private readonly actions = h('div', { class: 'lore-turn-actions', role: 'toolbar', 'aria-label': t('answerActions') });
  /** Set when the turn is asked again: app.ts swaps in a fresh element. */
  replaced = false;
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
    this.root.classList.toggle('has-status', Boolean(turn.status));
    const said = DONE_ANNOUNCEMENT[turn.state]();
    if (this.announce.textContent !== said) this.announce.textContent = said;
    this.actions.hidden = turn.state === 'streaming' || turn.state === 'error' || turn.answer === '';
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
    // While a status line shows ("Searching the workspace…"), the empty answer (and its caret) stays hidden.
    this.answer.hidden = turn.answer === '' && (turn.state !== 'streaming' || Boolean(turn.status));
    const extrasKey = JSON.stringify([turn.state, turn.error, turn.cited, sources]);
    if (extrasKey !== this.renderedExtrasKey || sourcesKey !== this.renderedSourcesKey) {
      this.renderExtras(turn, sources);
      this.renderedExtrasKey = extrasKey;
    }
    this.renderedSourcesKey = sourcesKey;
  }

  markReplaced(): void {
    this.replaced = true;
  }

  private buildQuestion(turn: TurnView): void {
    const sel = turn.selection
      ? h('div', { class: 'lore-selection-ref', title: t('askedAboutSelection') }, icon('selection'), locationLabel(turn.selection))
      : undefined;
    // The user's own Markdown (a pasted fenced traceback) renders like an answer's, through the same escaping renderer.
    const text = h('div', { class: 'lore-question-text lore-markdown' });
    text.append(parseSanitized(renderMarkdown(turn.question, { sourceLabel: () => undefined })));
    const edit = h('button', { type: 'button', class: 'lore-icon-button small lore-edit', 'data-turn-action': 'edit',
      title: t('editAndResend'), 'aria-label': t('editAndResendQuestion') }, icon('edit'));
    const question = h('div', { class: 'lore-question' }, text, sel, edit);
    this.actions.append(
      actionButton('copyAnswer', 'copy', t('copy'), t('copyAnswer')),
      actionButton('regenerate', 'refresh', t('regenerate'), t('regenerateAnswer')));
    this.response.append(this.status, this.answer, this.extras, this.actions, this.announce);
    this.root.append(question, this.response);
  }

  private updateThinking(turn: TurnView): void {
    if (!turn.thinking) return;
    if (!this.thinking) {
      const text = h('div', { class: 'lore-thinking-text' });
      const box = h('vscode-collapsible', { class: 'lore-thinking', heading: t('thinking') }, text);
      this.response.insertBefore(box, this.answer);
      this.thinking = { box, text, length: 0 };
    }
    const th = this.thinking;
    // Thinking is plain text: append only the new part, as a text node (never parsed as HTML).
    if (turn.thinking.length > th.length) th.text.append(turn.thinking.slice(th.length));
    else if (turn.thinking.length < th.length) th.text.textContent = turn.thinking;
    th.length = turn.thinking.length;
    th.box.setAttribute('description', turn.state === 'streaming' && !turn.answer ? t('thinkingNow') : '');
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
    if (turn.state === 'stopped') parts.push(h('div', { class: 'lore-note' }, t('stopped')));
    if (turn.error) {
      parts.push(this.errorCard(turn));
      if (turn.error.retrievalOnly?.length) parts.push(passageList(turn.error.retrievalOnly, this.turnId, turn.error.passagesHeading));
    }
    if (sources.length && !turn.error?.retrievalOnly?.length) parts.push(sourceList(sources, turn));
    this.extras.replaceChildren(...parts);
  }

  private errorCard(turn: TurnView): HTMLElement {
    const e = turn.error!;
    const actions = (e.actions ?? []).filter((a) => a !== 'pullModel' || e.model);
    const buttons = actions.map((a, i) => {
      const b = h('vscode-button', { 'data-action': a, 'data-model': a === 'pullModel' ? e.model : undefined },
        a === 'pullModel' ? t('pullNamedModel', e.model ?? '') : ACTION_LABELS[a]());
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

function actionButton(action: string, name: 'copy' | 'refresh', text: string, label: string): HTMLElement {
  return h('button', { type: 'button', class: 'lore-turn-action', 'data-turn-action': action, title: label, 'aria-label': label },
    icon(name), text);
}

/**
 * A source row, file name first: `store.ts:12-30  src/indexer  function writeAtomic`. A narrow panel
 * truncates the folder and the symbol, never the name or the lines.
 */
function sourceButton(s: WireSource, cited: boolean | undefined): HTMLElement {
  const label = locationLabel(s);
  const slash = s.path.lastIndexOf('/');
  const folder = slash > 0 ? s.path.slice(0, slash) : '';
  const name = locationLabel({ ...s, path: s.path.slice(slash + 1) });
  const state = cited === false ? t('notCited') : '';
  return h('button', {
    type: 'button', class: `lore-source${cited === false ? ' uncited' : ''}`, 'data-source': String(s.n),
    'aria-label': `${t('openSource', s.n, label)}${s.symbol ? `, ${s.symbol}` : ''}${state}`,
  },
  h('span', { class: 'lore-source-n' }, String(s.n)),
  icon('file'),
  h('span', { class: 'lore-source-name' }, name),
  folder ? h('span', { class: 'lore-source-folder' }, folder) : undefined,
  s.symbol ? h('span', { class: 'lore-source-symbol' }, s.symbol) : undefined);
}

/** Sources without repeats: a second entry for the same file and lines is dropped (its chip still opens it). */
export function uniqueSources<T extends WireSource>(sources: T[]): T[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = locationLabel(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sourceList(all: WireSource[], turn: TurnView): HTMLElement {
  const sources = uniqueSources(all);
  const done = turn.state !== 'streaming' && turn.cited.length > 0;
  const cited = new Set(turn.cited);
  return h('section', { class: 'lore-sources', 'aria-label': t('sources') },
    h('div', { class: 'lore-section-title' }, t('sourcesCount', sources.length)),
    h('ul', {}, ...sources.map((s) => h('li', {}, sourceButton(s, done ? cited.has(s.n) : undefined)))));
}

/** Passages shown when no model could answer: collapsed, so the error and its actions stay in view. */
function passageList(all: WirePassage[], turnId: string, heading?: string): HTMLElement {
  const passages = uniqueSources(all);
  // The core's heading is in the language of the question (a Chinese question in an English UI gets a Chinese
  // line, like the answer would be); a turn saved before it existed falls back to the display language.
  return h('vscode-collapsible', {
    class: 'lore-passages', heading: heading ?? t('bestPassages', passages.length), 'data-turn-id': turnId,
  },
  h('div', { class: 'lore-passages-body' }, ...passages.map((p) => {
    const code = h('code', {});
    const html = highlightToHtml(p.text, p.language);
    if (html === undefined) code.textContent = p.text;
    else code.append(parseSanitized(html));
    return h('div', { class: 'lore-passage' }, sourceButton(p, undefined), h('pre', {}, code));
  })));
}
