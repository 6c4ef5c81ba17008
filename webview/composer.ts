/**
 * The input area: selection chip, text box (Enter sends, Shift+Enter newline, ↑/↓ recall earlier
 * questions, `@` completes scopes, folders and files), scope, Send/Stop.
 */
import type { ChatScope, WebviewMessage } from '../src/protocol';
import { completionsFor, tokenAt, type Completion } from './completion';
import { h, locationLabel } from './dom';
import { t } from './i18n';
import { icon } from './icons';
import { isBusy, type PanelState } from './state';

interface ValueElement extends HTMLElement {
  value: string;
}

interface TextareaElement extends ValueElement {
  readonly wrappedElement: HTMLTextAreaElement | undefined;
}

export class Composer {
  readonly root = h('form', { class: 'lore-composer', 'aria-label': t('askLore') });
  private readonly input = h('vscode-textarea', {
    class: 'lore-input', rows: '3', resize: 'vertical', 'aria-label': t('question'),
    placeholder: t('placeholder'),
  }) as TextareaElement;
  private readonly scope = h('vscode-single-select', { class: 'lore-scope', 'aria-label': t('searchScope') },
    h('vscode-option', { value: 'all' }, t('scopeAll')),
    h('vscode-option', { value: 'code' }, t('scopeCode')),
    h('vscode-option', { value: 'docs' }, t('scopeDocs'))) as ValueElement;
  readonly send = h('vscode-button', { class: 'lore-send', 'aria-label': t('send') });
  private readonly selection = h('div', { class: 'lore-selection-chip' });
  private readonly popup = h('ul', { class: 'lore-completions', role: 'listbox', 'aria-label': t('suggestions') });
  private readonly hint = h('div', { class: 'lore-sr-only', role: 'status' });
  private items: Completion[] = [];
  private active = 0;
  private busy = false;
  /** Position in the list of earlier questions while ↑/↓ browse it; -1 when not browsing. */
  private recall = -1;

  constructor(private readonly state: PanelState, private readonly post: (m: WebviewMessage) => void,
    private readonly changed: () => void) {
    this.popup.hidden = true;
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => {
      this.state.draft = this.input.value;
      this.recall = -1;
      this.changed();
      this.complete();
    });
    this.input.addEventListener('focusout', () => setTimeout(() => this.closePopup(), 150));
    this.popup.addEventListener('mousedown', (e) => {
      const li = e.target instanceof Element ? e.target.closest('li') : null;
      if (!li) return;
      e.preventDefault();
      this.accept(Number(li.getAttribute('data-index')));
    });
    this.scope.addEventListener('change', () => {
      this.state.scope = this.scope.value as ChatScope;
      this.changed();
    });
    this.send.addEventListener('click', () => (this.busy ? this.stop() : this.submit()));
    this.root.addEventListener('submit', (e) => e.preventDefault());
    const row = h('div', { class: 'lore-composer-row' }, this.scope, h('span', { class: 'lore-spacer' }), this.send);
    this.root.append(this.selection, this.popup, this.input, row, this.hint);
  }

  update(prefill?: string): void {
    const s = this.state;
    if (prefill !== undefined) {
      this.input.value = prefill;
      this.focus();
    } else if (this.input.value !== s.draft) {
      this.input.value = s.draft;
    }
    if (this.scope.value !== s.scope) this.scope.value = s.scope;
    const busy = isBusy(s);
    if (busy !== this.busy || !this.send.firstChild) {
      this.busy = busy;
      this.send.replaceChildren(icon(busy ? 'stop' : 'send'), busy ? t('stop') : t('send'));
      this.send.setAttribute('aria-label', busy ? t('stopGenerating') : t('sendQuestion'));
      // Stop stays a primary button: a secondary (grey) one read as disabled.
      this.send.classList.toggle('stop', busy);
    }
    this.renderSelection();
  }

  focus(): void {
    this.input.focus();
  }

  /** Edit and resend: the question goes back into the box, focused, ready to change and send. */
  edit(text: string): void {
    this.focus();
    this.setValue(text);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.popup.hidden && this.items.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : this.items.length - 1)) % this.items.length;
        this.renderPopup();
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        this.accept(this.active);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        this.closePopup();
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (!this.busy) this.submit();
      return;
    }
    if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.shiftKey && !e.altKey) this.browse(e);
  }

  /** ↑ on the first line recalls the previous question, ↓ on the last line the next one. */
  private browse(e: KeyboardEvent): void {
    const area = this.input.wrappedElement;
    const value = this.input.value;
    const caret = area?.selectionStart ?? 0;
    const up = e.key === 'ArrowUp';
    if (up ? value.slice(0, caret).includes('\n') : value.slice(caret).includes('\n')) return;
    const asked = this.state.turns.map((t) => t.question);
    if (asked.length === 0 || (!up && this.recall < 0)) return;
    if (this.recall < 0 && value.trim() !== '' && value !== asked.at(-1)) return; // never lose a draft
    const next = this.recall < 0 ? asked.length - 1 : this.recall + (up ? -1 : 1);
    e.preventDefault();
    if (next >= asked.length) {
      this.recall = -1;
      this.setValue('');
      return;
    }
    this.recall = Math.max(0, next);
    this.setValue(asked[this.recall]!);
  }

  private setValue(text: string): void {
    this.input.value = text;
    // The component copies its value to the inner textarea on its next render; do it now so the caret
    // can be placed before the user types on.
    const area = this.input.wrappedElement;
    if (area) area.value = text;
    this.state.draft = text;
    this.changed();
    this.caretTo(text.length);
  }

  private caretTo(pos: number): void {
    const area = this.input.wrappedElement;
    if (area?.value === this.input.value) area.setSelectionRange(pos, pos);
    else requestAnimationFrame(() => this.input.wrappedElement?.setSelectionRange(pos, pos));
  }

  private complete(): void {
    const area = this.input.wrappedElement;
    const t = tokenAt(this.input.value, area?.selectionStart ?? this.input.value.length);
    this.items = t ? completionsFor(t.token, this.state.completions.folders, this.state.completions.files) : [];
    this.active = 0;
    if (!this.items.length) return this.closePopup();
    this.popup.hidden = false;
    this.renderPopup();
    this.hint.textContent = `${this.items.length} suggestions, ↑ ↓ to choose, Enter to insert`;
  }

  private renderPopup(): void {
    this.popup.replaceChildren(...this.items.map((c, i) => h('li', {
      role: 'option', 'data-index': String(i), class: i === this.active ? 'active' : undefined, 'aria-selected': String(i === this.active),
    }, h('span', { class: 'lore-completion-label' }, c.label), h('span', { class: 'lore-completion-detail' }, c.detail))));
    if (this.items[this.active]) this.hint.textContent = `${this.items[this.active]!.label}, ${this.items[this.active]!.detail}`;
  }

  private accept(i: number): void {
    const c = this.items[i];
    const area = this.input.wrappedElement;
    const caret = area?.selectionStart ?? this.input.value.length;
    const t = tokenAt(this.input.value, caret);
    this.closePopup();
    if (!c || !t) return;
    const value = this.input.value;
    const next = value.slice(0, t.start) + c.insert + value.slice(caret);
    this.setValue(next);
    this.caretTo(t.start + c.insert.length);
  }

  private closePopup(): void {
    this.popup.hidden = true;
    this.items = [];
  }

  private renderSelection(): void {
    const sel = this.state.selection;
    this.selection.hidden = !sel;
    if (!sel) return this.selection.replaceChildren();
    const remove = h('button', { type: 'button', class: 'lore-icon-button small', title: t('dropSelection'),
      'aria-label': t('removeSelection') }, icon('close'));
    remove.addEventListener('click', () => {
      this.state.selection = undefined;
      this.changed();
      this.renderSelection();
    });
    this.selection.replaceChildren(icon('selection'), h('span', {}, locationLabel(sel)), remove);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    const s = this.state;
    this.post({ type: 'ask', text, scope: s.scope, includeSelection: s.selection !== undefined });
    s.draft = '';
    s.pending = true;
    this.recall = -1;
    this.input.value = '';
    this.closePopup();
    this.update();
    this.changed();
  }

  private stop(): void {
    this.post({ type: 'stop' });
    // If the host never started a turn, do not leave the button stuck on Stop.
    this.state.pending = false;
    this.update();
    this.changed();
  }
}
