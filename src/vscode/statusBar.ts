import * as vscode from 'vscode';
import type { WorkspaceStatus } from '../indexer/workspaceIndex';
import { formatProgress, ProgressRate } from '../util/progressRate';
import { Disposable } from './lifecycle';

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
    const item = this.item;
    item.backgroundColor = undefined;
    if (s.state !== 'indexing') this.rate.reset();
    switch (s.state) {
      case 'indexing': {
        if (s.filesTotal === 0) {
          item.text = `$(sync~spin) ${vscode.l10n.t('Lore: finding files')}`;
          item.tooltip = vscode.l10n.t('Lore is looking for files to index.');
          break;
        }
        const e = this.rate.add({ at: this.now(), done: s.filesDone, total: s.filesTotal });
        item.text = `$(sync~spin) Lore ${s.filesDone}/${s.filesTotal} · ${e.percent ?? 0}%`;
        item.tooltip = vscode.l10n.t('Lore is indexing: {0}; {1} chunks so far. Answers may be incomplete until it finishes.', formatProgress(e), s.chunks);
        break;
      }
      case 'ready':
        item.text = `$(book) Lore ${formatCount(s.chunks)}`;
        item.tooltip = vscode.l10n.t('Lore index ready: {0} chunks. Click for index status and actions.', s.chunks);
        break;
      case 'paused':
        item.text = `$(debug-pause) Lore`;
        item.tooltip = vscode.l10n.t('Lore indexing is paused (keyword search still works over {0} chunks): {1}', s.chunks, s.message ?? '');
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'error':
        item.text = `$(error) Lore`;
        item.tooltip = vscode.l10n.t('Lore indexing failed: {0}', s.message ?? vscode.l10n.t('see Lore: Show Log'));
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      default:
        item.text = '$(book) Lore';
        item.tooltip = vscode.l10n.t('Lore: no folder indexed yet.');
    }
    if (this.ollamaDown !== undefined && s.state !== 'error') {
      const icon = s.state === 'paused' ? '$(debug-pause)' : '$(warning)';
      item.text = `${icon} ${vscode.l10n.t('Lore: Ollama down')}${s.state === 'indexing' ? ` · ${s.filesDone}/${s.filesTotal}` : ''}`;
      item.tooltip = `${vscode.l10n.t('Ollama is not reachable at {0}: answers and new embeddings wait for it; keyword search still works.', this.ollamaDown)} ${item.tooltip}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
  }
}

function formatCount(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);
}
