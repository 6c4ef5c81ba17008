/**
 * What a chat question asks of the workspace index, from the settings and the editor's state.
 * Pure (no `vscode` import), so the mapping of every search setting is unit-tested.
 */
import type { AskSearchSettings } from './ask';
import type { LoreSettings } from '../settings';

export interface EditorFiles {
  /** Absolute path of the active editor's file, when it is a file on disk. */
  activeFile?: string;
  /** Absolute paths of recently edited files, newest first. */
  recentFiles: readonly string[];
}

export type ChatSearchSettings = Pick<LoreSettings, 'sourcesCount' | 'searchMode' | 'vectorWeight' | 'keywordWeight' | 'boostEditorFiles'>;

export function chatSearchOptions(settings: ChatSearchSettings, editor: EditorFiles): AskSearchSettings {
  const boost = settings.boostEditorFiles;
  return {
    k: settings.sourcesCount,
    mode: settings.searchMode,
    activeFile: boost ? editor.activeFile : undefined,
    // The active file has its own (larger) boost; listing it twice would not add to it.
    recentFiles: boost ? editor.recentFiles.filter((f) => f !== editor.activeFile) : undefined,
    retrieval: { weights: { vector: settings.vectorWeight, keyword: settings.keywordWeight } },
  };
}
