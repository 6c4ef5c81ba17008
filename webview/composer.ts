/** The input area: selection chip, text box (Enter sends, Shift+Enter newline), scope, Send/Stop. */
import type { ChatScope, WebviewMessage } from '../src/protocol';
import { h, locationLabel } from './dom';
import { icon } from './icons';
import { isBusy, type PanelState } from './state';

interface ValueElement extends HTMLElement {
  value: string;
}

export class Composer {
  readonly root = h('form', { class: 'lore-composer', 'aria-label': 'Ask Lore' });
  private readonly input = h('vscode-textarea', {
    class: 'lore-input', rows: '3', resize: 'vertical', 'aria-label': 'Question',
    placeholder: 'Ask about your workspace (Enter to send, Shift+Enter for a new line)',
  }) as ValueElement;
  private readonly scope = h('vscode-single-select', { class: 'lore-scope', 'aria-label': 'Search scope' },
    h('vscode-option', { value: 'all' }, 'All files'),
    h('vscode-option', { value: 'code' }, 'Code'),
    h('vscode-option', { value: 'docs' }, 'Docs')) as ValueElement;
  private readonly send = h('vscode-button', { class: 'lore-send', 'aria-label': 'Send' });
  private readonly selection = h('div', { class: 'lore-selection-chip' });
  private busy = false;

  constructor(private readonly state: PanelState, private readonly post: (m: WebviewMessage) => void,
    private readonly changed: () => void) {
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        if (!this.busy) this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.state.draft = this.input.value;
      this.changed();
    });
    this.scope.addEventListener('change', () => {
      this.state.scope = this.scope.value as ChatScope;
      this.changed();
    });
    this.send.addEventListener('click', () => (this.busy ? this.stop() : this.submit()));
    this.root.addEventListener('submit', (e) => e.preventDefault());
    const row = h('div', { class: 'lore-composer-row' }, this.scope, h('span', { class: 'lore-spacer' }), this.send);
    this.root.append(this.selection, this.input, row);
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
    this.busy = isBusy(s);
    this.send.replaceChildren(icon(this.busy ? 'stop' : 'send'), this.busy ? 'Stop' : 'Send');
    this.send.setAttribute('aria-label', this.busy ? 'Stop generating' : 'Send question');
    this.send.toggleAttribute('secondary', this.busy);
    this.renderSelection();
  }

  focus(): void {
    this.input.focus();
  }

  private renderSelection(): void {
    const sel = this.state.selection;
    this.selection.hidden = !sel;
    if (!sel) return this.selection.replaceChildren();
    const remove = h('button', { type: 'button', class: 'lore-icon-button small', title: 'Do not include the selection',
      'aria-label': 'Remove selection' }, icon('close'));
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
    this.input.value = '';
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
