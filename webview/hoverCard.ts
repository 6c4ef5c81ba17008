/**
 * The card a citation chip or source row shows on hover or keyboard focus: file, lines, symbol and
 * the first lines of the passage. One card for the panel, positioned next to the chip with CSSOM
 * styles (the CSP forbids style attributes, not element.style). Escape hides it (WCAG 1.4.13).
 */
import type { WireSource } from '../src/protocol';
import { h, locationLabel } from './dom';
import { highlightToHtml } from './highlight';
import { t } from './i18n';
import { parseSanitized } from './sanitize';

const TRIGGER = '.lore-cite, .lore-source';
const PREVIEW_LINES = 12;

export class HoverCard {
  readonly card = h('div', { class: 'lore-hovercard', role: 'tooltip', id: 'lore-hovercard' });
  private anchor: Element | undefined;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(container: HTMLElement,
    private readonly sourceOf: (turnId: string, n: number) => WireSource | undefined) {
    this.card.hidden = true;
    document.body.append(this.card);
    container.addEventListener('mouseover', (e) => this.enter(e.target));
    container.addEventListener('focusin', (e) => this.enter(e.target));
    container.addEventListener('mouseout', (e) => this.leave(e.relatedTarget));
    container.addEventListener('focusout', () => this.hide());
    container.addEventListener('scroll', () => this.hide(), { passive: true });
    // Moving onto the card keeps it open, so its text can be selected.
    this.card.addEventListener('mouseenter', () => clearTimeout(this.hideTimer));
    this.card.addEventListener('mouseleave', () => this.hide());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.card.hidden) {
        this.hide();
        e.stopPropagation();
      }
    }, true);
  }

  private enter(target: EventTarget | null): void {
    const el = target instanceof Element ? target.closest(TRIGGER) : null;
    if (!el || el === this.anchor) return;
    const turnId = el.closest('[data-turn-id]')?.getAttribute('data-turn-id');
    const n = Number(el.getAttribute('data-cite') ?? el.getAttribute('data-source'));
    const source = turnId ? this.sourceOf(turnId, n) : undefined;
    if (!source) return;
    clearTimeout(this.hideTimer);
    this.anchor?.removeAttribute('aria-describedby');
    this.anchor = el;
    el.setAttribute('aria-describedby', this.card.id);
    this.render(source);
    this.place(el);
  }

  private leave(to: EventTarget | null): void {
    if (to instanceof Node && (this.card.contains(to) || this.anchor?.contains(to))) return;
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.hide(), 120);
  }

  hide(): void {
    clearTimeout(this.hideTimer);
    this.anchor?.removeAttribute('aria-describedby');
    this.anchor = undefined;
    this.card.hidden = true;
  }

  private render(s: WireSource): void {
    const head = h('div', { class: 'lore-hovercard-head' },
      h('span', { class: 'lore-hovercard-n' }, String(s.n)),
      h('span', { class: 'lore-hovercard-loc' }, locationLabel(s)));
    const parts: Array<HTMLElement | undefined> = [head, s.symbol ? h('div', { class: 'lore-hovercard-symbol' }, s.symbol) : undefined];
    if (s.preview) {
      const lines = s.preview.split('\n');
      const text = lines.slice(0, PREVIEW_LINES).join('\n') + (lines.length > PREVIEW_LINES ? '\n…' : '');
      const code = h('code', {});
      const html = highlightToHtml(text, s.language);
      if (html === undefined) code.textContent = text;
      else code.append(parseSanitized(html));
      parts.push(h('pre', { class: 'lore-hovercard-text' }, code));
    }
    parts.push(h('div', { class: 'lore-hovercard-hint' }, t('clickToOpen')));
    this.card.replaceChildren(...parts.filter((p): p is HTMLElement => p !== undefined));
    this.card.hidden = false;
  }

  private place(el: Element): void {
    const r = el.getBoundingClientRect();
    const margin = 6;
    const width = Math.min(420, window.innerWidth - 2 * margin);
    this.card.style.width = `${width}px`;
    const left = Math.max(margin, Math.min(r.left, window.innerWidth - width - margin));
    this.card.style.left = `${left}px`;
    const height = this.card.offsetHeight;
    const below = r.bottom + margin;
    const top = below + height <= window.innerHeight - margin || r.top - height - margin < margin ? below : r.top - height - margin;
    this.card.style.top = `${Math.max(margin, top)}px`;
  }
}
