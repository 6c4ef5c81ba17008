/** Top of the panel: model picker, History and Export buttons, index status line and model-pull progress. */
import type { WebviewMessage } from '../src/protocol';
import { h } from './dom';
import { t } from './i18n';
import { icon } from './icons';
import { indexStatusLine, type PanelState } from './state';

interface SingleSelect extends HTMLElement {
  value: string;
}

export class Header {
  readonly root = h('header', { class: 'lore-header' });
  private readonly model = h('vscode-single-select', { class: 'lore-model', 'aria-label': t('chatModel') }) as SingleSelect;
  private readonly indexLine = h('div', { class: 'lore-index', role: 'status' });
  private readonly pull = h('div', { class: 'lore-pull', role: 'status' });
  private readonly historyButton = h('button', {
    type: 'button', class: 'lore-icon-button lore-history-button', title: t('history'), 'aria-label': t('showHistory'), 'aria-pressed': 'false',
  }, icon('history'));
  private readonly exportButton = h('button', {
    type: 'button', class: 'lore-icon-button lore-export-button', title: t('exportConversation'), 'aria-label': t('exportConversation'),
  }, icon('export'));
  private currentId: string | undefined;
  private modelsKey = '';

  constructor(post: (m: WebviewMessage) => void, toggleHistory: () => void) {
    // New chat and Re-index live in the view's title bar (package.json view/title), where VS Code puts view
    // actions; a second "+" inside the panel would duplicate them.
    this.model.addEventListener('change', () => {
      if (this.model.value) post({ type: 'selectModel', model: this.model.value });
    });
    this.historyButton.addEventListener('click', toggleHistory);
    this.exportButton.addEventListener('click', () => {
      if (this.currentId) post({ type: 'exportConversation', id: this.currentId });
    });
    this.root.append(h('div', { class: 'lore-toolbar' }, this.model, this.exportButton, this.historyButton), this.indexLine, this.pull);
  }

  /** The first control in tab order (the model picker, or History when there are no models). */
  firstControl(): HTMLElement {
    return this.model.hidden ? this.historyButton : this.model;
  }

  update(state: PanelState): void {
    const models = state.models.includes(state.currentModel) || !state.currentModel
      ? state.models : [state.currentModel, ...state.models];
    const key = JSON.stringify(models);
    if (key !== this.modelsKey) {
      this.model.replaceChildren(...models.map((m) => h('vscode-option', { value: m }, m)));
      this.modelsKey = key;
    }
    if (state.currentModel && this.model.value !== state.currentModel) this.model.value = state.currentModel;
    this.model.hidden = models.length === 0;
    this.historyButton.setAttribute('aria-pressed', String(state.historyOpen));
    this.currentId = state.currentConversation;
    this.exportButton.hidden = !state.currentConversation || state.turns.length === 0;

    const line = indexStatusLine(state.index);
    this.indexLine.textContent = line ?? '';
    this.indexLine.hidden = !line;
    this.indexLine.className = `lore-index lore-index-${state.index.state}`;
    this.indexLine.title = state.index.state === 'ready' ? '' : line ?? '';

    this.renderPull(state);
  }

  private renderPull(state: PanelState): void {
    const p = state.pull;
    const done = !p || (p.status === 'success' && !p.error);
    this.pull.hidden = done;
    if (done) return;
    const pct = p.total ? Math.floor(((p.completed ?? 0) / p.total) * 100) : undefined;
    const text = p.error ? t('pullFailed', p.model, p.error) : t('pullingStatus', p.model, `${p.status}${pct !== undefined ? ` ${pct}%` : ''}`);
    const bar = h('vscode-progress-bar', { 'aria-label': t('pulling', p.model) });
    if (pct === undefined) bar.setAttribute('indeterminate', '');
    else bar.setAttribute('value', String(pct));
    this.pull.classList.toggle('failed', Boolean(p.error));
    this.pull.replaceChildren(h('div', { class: 'lore-pull-text' }, text), p.error ? '' : bar);
  }
}
