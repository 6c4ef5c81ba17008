/**
 * The History list: saved conversations of this workspace (title from the first question, date,
 * number of questions), shown in place of the conversation. Open, rename (inline), export as
 * Markdown and delete (asked first: there is no undo). The host owns the data; this only posts.
 */
import type { ConversationSummary, WebviewMessage } from '../src/protocol';
import { h } from './dom';
import { t } from './i18n';
import { icon, type IconName } from './icons';
import type { PanelState } from './state';

export class HistoryView {
  readonly root = h('section', { class: 'lore-history', 'aria-label': t('conversationHistory') });
  private readonly list = h('ul', { class: 'lore-history-list', role: 'list' });
  private readonly empty = h('p', { class: 'lore-history-empty' }, t('noConversations'));
  /** The row being renamed or asked about, kept across re-renders. */
  private editing?: { id: string; mode: 'rename' | 'delete' };
  private key = '';

  constructor(private readonly post: (m: WebviewMessage) => void, private readonly close: () => void) {
    const closeButton = h('button', { type: 'button', class: 'lore-icon-button', title: t('backToConversation'), 'aria-label': t('backToConversation') }, icon('close'));
    closeButton.addEventListener('click', () => this.close());
    this.root.append(h('div', { class: 'lore-history-head' }, h('h2', {}, t('history')), closeButton), this.empty, this.list);
    // Escape anywhere while the list shows (focus may be on the body after a row was deleted).
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.root.hidden && !this.editing) this.close();
    });
  }

  update(state: PanelState, force = false): void {
    const key = JSON.stringify([state.conversations, state.currentConversation, this.editing]);
    if (key === this.key && !force) return;
    this.key = key;
    this.empty.hidden = state.conversations.length > 0;
    const hadFocus = this.list.contains(document.activeElement);
    this.list.replaceChildren(...state.conversations.map((c) => this.row(c, c.id === state.currentConversation)));
    // A re-render (rename, delete) must not drop keyboard focus onto the page body.
    if (hadFocus && !this.editing) this.focus();
  }

  /** Focus the first conversation (or the close button) when the list opens. */
  focus(): void {
    (this.root.querySelector<HTMLElement>('.lore-history-open') ?? this.root.querySelector<HTMLElement>('button'))?.focus();
  }

  private row(c: ConversationSummary, current: boolean): HTMLElement {
    const li = h('li', { class: `lore-history-item${current ? ' current' : ''}`, 'data-conversation': c.id });
    if (this.editing?.id === c.id && this.editing.mode === 'rename') li.append(this.renameForm(c));
    else if (this.editing?.id === c.id && this.editing.mode === 'delete') li.append(this.deleteConfirm(c));
    else li.append(this.summary(c, current));
    return li;
  }

  private summary(c: ConversationSummary, current: boolean): DocumentFragment {
    const when = formatWhen(c.updatedAt);
    const count = `${c.turns} ${c.turns === 1 ? 'question' : 'questions'}`;
    const open = h('button', {
      type: 'button', class: 'lore-history-open', 'aria-current': current ? 'true' : undefined,
      'aria-label': `${c.title}, ${when}, ${count}${current ? ', open now' : ''}`,
    }, h('span', { class: 'lore-history-title' }, c.title), h('span', { class: 'lore-history-meta' }, `${when} · ${count}`));
    open.addEventListener('click', () => {
      this.post({ type: 'openConversation', id: c.id });
      this.close();
    });
    const f = document.createDocumentFragment();
    f.append(open, h('span', { class: 'lore-history-actions' },
      this.action('edit', t('rename', c.title), () => this.setEditing({ id: c.id, mode: 'rename' })),
      this.action('export', t('exportNamed', c.title), () => this.post({ type: 'exportConversation', id: c.id })),
      this.action('trash', t('deleteNamed', c.title), () => this.setEditing({ id: c.id, mode: 'delete' }))));
    return f;
  }

  private renameForm(c: ConversationSummary): HTMLElement {
    const input = h('input', { type: 'text', class: 'lore-history-rename', 'aria-label': t('newName'), maxlength: '200' });
    input.value = c.title;
    const done = (save: boolean) => {
      const title = input.value.trim();
      if (save && title && title !== c.title) this.post({ type: 'renameConversation', id: c.id, title });
      this.setEditing(undefined, c.id);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') done(true);
      else if (e.key === 'Escape') done(false);
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    input.addEventListener('blur', () => {
      if (this.editing?.id === c.id) done(true);
    });
    queueMicrotask(() => {
      input.focus();
      input.select();
    });
    return input;
  }

  private deleteConfirm(c: ConversationSummary): HTMLElement {
    const yes = h('vscode-button', { class: 'lore-history-delete' }, t('delete'));
    const no = h('vscode-button', { secondary: '' }, t('cancel'));
    yes.addEventListener('click', () => {
      this.post({ type: 'deleteConversation', id: c.id });
      this.setEditing(undefined);
    });
    no.addEventListener('click', () => this.setEditing(undefined, c.id));
    const box = h('div', { class: 'lore-history-confirm', role: 'group', 'aria-label': t('deleteQuestion', c.title) },
      h('span', {}, t('deleteConfirm', c.title)), h('span', { class: 'lore-history-confirm-buttons' }, yes, no));
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.setEditing(undefined, c.id);
      }
    });
    queueMicrotask(() => no.focus());
    return box;
  }

  private action(name: IconName, label: string, run: () => void): HTMLElement {
    const b = h('button', { type: 'button', class: 'lore-icon-button', title: label, 'aria-label': label }, icon(name));
    b.addEventListener('click', run);
    return b;
  }

  /** Changes the row mode and re-renders; `refocus` puts focus back on that row's open button. */
  private setEditing(next: HistoryView['editing'], refocus?: string): void {
    this.editing = next;
    this.key = '';
    this.root.dispatchEvent(new CustomEvent('lore-history-changed'));
    if (refocus) queueMicrotask(() => this.root.querySelector<HTMLElement>(`[data-conversation="${CSS.escape(refocus)}"] .lore-history-open`)?.focus());
  }
}

/** `Today 14:05`, `Yesterday 09:12`, or `3 Dec 2026`. */
export function formatWhen(ms: number, now = new Date()): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const day = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const diff = Math.round((day(now) - day(d)) / 86_400_000);
  if (diff === 0) return t('today', time);
  if (diff === 1) return t('yesterday', time);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}
