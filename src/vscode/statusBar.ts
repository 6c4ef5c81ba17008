import * as vscode from 'vscode';
import type { WorkspaceStatus } from '../indexer/workspaceIndex';
import { Disposable } from './lifecycle';

/** Index state at a glance; a click opens Lore: Show Index Status. */
export class IndexStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('lore.status', vscode.StatusBarAlignment.Left, 50));

  constructor() {
    super();
    this.item.name = vscode.l10n.t('Lore index');
    this.item.command = 'lore.showIndexStatus';
    this.update({ state: 'idle', filesDone: 0, filesTotal: 0, chunks: 0 });
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

  update(s: WorkspaceStatus): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (s.state) {
      case 'indexing':
        item.text = `$(sync~spin) Lore ${s.filesDone}/${s.filesTotal}`;
        item.tooltip = vscode.l10n.t('Lore is indexing: {0} of {1} files. Answers may be incomplete until it finishes.', s.filesDone, s.filesTotal);
        break;
      case 'ready':
        item.text = `$(book) Lore ${formatCount(s.chunks)}`;
        item.tooltip = vscode.l10n.t('Lore index ready: {0} chunks. Click for index status and actions.', s.chunks);
        break;
      case 'paused':
        item.text = `$(debug-pause) Lore`;
        item.tooltip = vscode.l10n.t('Lore indexing is paused (keyword search still works): {0}', s.message ?? '');
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
    if (s.damage) {
      item.text += ' $(warning)';
      item.tooltip = `${String(item.tooltip)} ${vscode.l10n.t('Damage found: {0} (re-indexing the files it cost).', s.damage)}`;
      item.backgroundColor ??= new vscode.ThemeColor('statusBarItem.warningBackground');
    }
  }
}

function formatCount(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);
}
