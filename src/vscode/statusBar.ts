import * as vscode from 'vscode';
import type { WorkspaceStatus } from '../indexer/workspaceIndex';
import { ProgressRate } from '../util/progressRate';
import { Disposable } from './lifecycle';
import { statusBarView } from './statusBarView';

/**
 * Index state at a glance; a click opens Lore: Show Index Status. While indexing it shows files,
 * percent and (in the tooltip) rate and time left; while Ollama is unreachable it says so, also
 * after indexing finished (answers need it even when the index is complete).
 */
export class IndexStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('lore.status', vscode.StatusBarAlignment.Left, 50));
  private readonly rate = new ProgressRate();
  private last: WorkspaceStatus = { state: 'idle', filesDone: 0, filesTotal: 0, chunks: 0 };
  private ollamaDown: string | undefined;

  constructor(private readonly now: () => number = Date.now) {
    super();
    this.item.name = vscode.l10n.t('Lore index');
    this.item.command = 'lore.showIndexStatus';
    this.update(this.last);
    this.item.show();
  }

  /** What the item shows now (for Lore: Show Index Status and tests). */
  get shown(): { text: string; tooltip: string; warning: boolean; error: boolean } {
    const bg = this.item.backgroundColor as vscode.ThemeColor | undefined;
    return {
      text: this.item.text,
      tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? ''),
      warning: bg?.id === 'statusBarItem.warningBackground',
      error: bg?.id === 'statusBarItem.errorBackground',
    };
  }

  /** Ollama reachable or not (`host` names it in the tooltip); shown until it is reachable again. */
  setOllama(up: boolean, host?: string): void {
    const next = up ? undefined : (host ?? vscode.l10n.t('its address'));
    if (next === this.ollamaDown) return;
    this.ollamaDown = next;
    this.update(this.last);
  }

  update(s: WorkspaceStatus): void {
    this.last = s;
    if (s.state !== 'indexing') this.rate.reset();
    const progress = s.state === 'indexing' && s.filesTotal > 0 ? this.rate.add({ at: this.now(), done: s.filesDone, total: s.filesTotal }) : undefined;
    const view = statusBarView(s, { progress, ollamaDown: this.ollamaDown }, vscode.l10n.t);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
  }
}
