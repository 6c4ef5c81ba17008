import * as vscode from 'vscode';
import type { IndexService } from './indexService';
import { toAbortSignal } from './lifecycle';
import { ReindexProgress, reindexDoneMessage } from './reindexProgress';

/**
 * Lore: Re-index Workspace. The notification appears at once (before the index services are loaded),
 * shows files and chunks of the folder being rebuilt, can be cancelled (the old index stays in use),
 * and ends with what was embedded now and what came from the embedding cache. Resolves to that
 * closing line (undefined when cancelled), which the extension-host test reads.
 */
export async function reindexWithProgress(services: () => Promise<IndexService>): Promise<string | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Lore: re-indexing workspace'), cancellable: true },
    async (progress, token) => {
      progress.report({ message: vscode.l10n.t('preparing...') });
      const signal = toAbortSignal(token);
      const cancelled = () => {
        void vscode.window.showInformationMessage(vscode.l10n.t('Lore: re-index cancelled; the previous index is still in use.'));
        return undefined;
      };
      try {
        const svc = await services();
        if (signal.aborted) return cancelled();
        const steps = new ReindexProgress(svc.index.folders().length, vscode.l10n.t);
        const reports = await svc.index.rebuildAll(signal, (folder, p) => progress.report(steps.update(folder.name, p)));
        const done = reindexDoneMessage(reports, vscode.l10n.t);
        void vscode.window.showInformationMessage(done);
        return done;
      } catch (err) {
        if (signal.aborted) return cancelled();
        throw err;
      }
    },
  );
}
