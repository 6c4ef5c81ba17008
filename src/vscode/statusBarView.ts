import type { WorkspaceStatus } from '../indexer/workspaceIndex';
import { formatProgress, type ProgressEstimate } from '../util/progressRate';
import type { Translate } from './translate';

/** What the status bar item shows; `background` names the theme color (warning or error), if any. */
export interface StatusBarView {
  text: string;
  tooltip: string;
  background?: 'warning' | 'error';
}

export interface StatusBarInputs {
  /** Progress of the pass when indexing (from ProgressRate). */
  progress?: ProgressEstimate;
  /** Where Ollama was not reachable; undefined while it is. */
  ollamaDown?: string;
}

/**
 * The status bar's text, tooltip and color for an index state: pure (no `vscode`) so that each state,
 * Ollama down and damage found, is unit-tested; statusBar.ts applies it to the item.
 */
export function statusBarView(s: WorkspaceStatus, inputs: StatusBarInputs, t: Translate): StatusBarView {
  const view = stateView(s, inputs.progress, t);
  if (inputs.ollamaDown !== undefined && s.state !== 'error') {
    const icon = s.state === 'paused' ? '$(debug-pause)' : '$(warning)';
    view.text = `${icon} ${t('Lore: Ollama down')}${s.state === 'indexing' ? ` · ${s.filesDone}/${s.filesTotal}` : ''}`;
    view.tooltip = `${t('Ollama is not reachable at {0}: answers and new embeddings wait for it; keyword search still works.', inputs.ollamaDown)} ${view.tooltip}`;
    view.background = 'warning';
  }
  // Damage stays visible in every state (also behind Ollama down): the user should know why files are re-indexed.
  if (s.damage) {
    if (!view.text.includes('$(warning)')) view.text += ' $(warning)';
    view.tooltip += ` ${t('Damage found: {0} (re-indexing the files it cost).', s.damage)}`;
    view.background ??= 'warning';
  }
  return view;
}

function stateView(s: WorkspaceStatus, progress: ProgressEstimate | undefined, t: Translate): StatusBarView {
  switch (s.state) {
    case 'indexing': {
      if (s.filesTotal === 0) return { text: `$(sync~spin) ${t('Lore: finding files')}`, tooltip: t('Lore is looking for files to index.') };
      const e = progress ?? { done: s.filesDone, total: s.filesTotal };
      return {
        text: `$(sync~spin) Lore ${s.filesDone}/${s.filesTotal} · ${e.percent ?? 0}%`,
        tooltip: t('Lore is indexing: {0}; {1} chunks so far. Answers may be incomplete until it finishes.', formatProgress(e), s.chunks),
      };
    }
    case 'ready':
      return { text: `$(book) Lore ${formatCount(s.chunks)}`, tooltip: t('Lore index ready: {0} chunks. Click for index status and actions.', s.chunks) };
    case 'paused':
      return {
        text: `$(debug-pause) Lore`,
        tooltip: t('Lore indexing is paused (keyword search still works over {0} chunks): {1}', s.chunks, s.message ?? ''),
        background: 'warning',
      };
    case 'error':
      return { text: `$(error) Lore`, tooltip: t('Lore indexing failed: {0}', s.message ?? t('see Lore: Show Log')), background: 'error' };
    default:
      return { text: '$(book) Lore', tooltip: t('Lore: no folder indexed yet.') };
  }
}

function formatCount(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);
}
