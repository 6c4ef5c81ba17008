import * as vscode from 'vscode';
import { relative } from 'node:path';
import type { ChatController } from './chatController';
import type { ChatViewProvider } from './chatViewProvider';
import type { IndexService } from './indexService';
import type { WorkspaceStatus } from '../indexer/workspaceIndex';
import { isKnowledgeFolder } from './knowledgeFolders';
import { reindexWithProgress } from './reindexCommand';

export interface CommandDeps {
  view: ChatViewProvider;
  chat: ChatController;
  services: () => Promise<IndexService>;
  log: vscode.LogOutputChannel;
  listModels: () => Promise<string[]>;
}

/**
 * The `lore.*` commands of the chat and the index; each one is also in package.json `contributes.commands`.
 * Setup commands (`lore.checkOllama`, `lore.pullModels`, `lore.openSetup`) live in healthCheck.ts.
 */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { view, chat, log } = deps;
  return [
    vscode.commands.registerCommand('lore.askAboutSelection', async (question?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Lore: select some code first, then run Ask About Selection.'));
        return;
      }
      const doc = editor.document;
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      const sel = editor.selection;
      const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
      const selection = {
        folder: folder?.uri.fsPath ?? '',
        path: folder ? relative(folder.uri.fsPath, doc.uri.fsPath).split('\\').join('/') : doc.uri.fsPath,
        language: doc.languageId,
        startLine: sel.start.line + 1,
        endLine,
        text: doc.getText(sel),
      };
      await view.reveal();
      if (typeof question === 'string' && question.trim()) await chat.ask(question, 'all', selection);
      else chat.prefill(selection, vscode.l10n.t('Explain this code'));
    }),
    vscode.commands.registerCommand('lore.reindex', () => reindexWithProgress(deps.services)),
    vscode.commands.registerCommand('lore.newChat', () => chat.newChat()),
    vscode.commands.registerCommand('lore.stop', () => chat.stop()),
    vscode.commands.registerCommand('lore.ask', async (question?: unknown) => {
      const q = typeof question === 'string' ? question : await vscode.window.showInputBox({ prompt: vscode.l10n.t('Ask Lore about this workspace') });
      if (!q) return;
      await view.reveal();
      await chat.ask(q);
    }),
    vscode.commands.registerCommand('lore.selectChatModel', async () => {
      const models = await deps.listModels().catch(() => [] as string[]);
      if (models.length === 0) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Lore: no models found. Is Ollama running? See Lore: Show Log.'));
        return;
      }
      const current = vscode.workspace.getConfiguration('lore').get<string>('chatModel');
      const pick = await vscode.window.showQuickPick(
        models.map((m) => ({ label: m, description: m === current ? vscode.l10n.t('current') : undefined })),
        { placeHolder: vscode.l10n.t('Chat model for Lore') },
      );
      if (pick) await vscode.workspace.getConfiguration('lore').update('chatModel', pick.label, vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('lore.showIndexStatus', async () => {
      const svc = await deps.services();
      const lines = svc.index.folders().map((f) => {
        const s = svc.index.folderIndex(f.path)?.status();
        return s
          ? `${vscode.l10n.t('{0}: {1} files, {2} chunks ({3} with vectors), {4}', f.name, s.files, s.chunks, s.withVectors, s.model ?? vscode.l10n.t('keyword-only'))}${s.vectorsUnavailable ? ` - ${s.vectorsUnavailable}` : ''}${s.damage ? ` - ${s.damage}` : ''}${s.replacing ? ` - ${vscode.l10n.t('{0}: rebuilding', s.replacing)}` : ''}${s.redactions?.secrets ? ` - ${vscode.l10n.t('{0} secrets redacted in {1} files', s.redactions.secrets, s.redactions.files)}` : ''}`
          : vscode.l10n.t('{0}: not open', f.name);
      });
      const st = svc.index.status();
      // Knowledge folders (outside the workspace) are listed as their own group, each removable.
      const knowledge = svc.index.folders().map((f, i) => ({ f, line: lines[i] })).filter(({ f }) => isKnowledgeFolder(f.path));
      const separator = (label: string) => ({ label, kind: vscode.QuickPickItemKind.Separator, action: '' });
      const pick = await vscode.window.showQuickPick(
        [
          ...lines.filter((_, i) => !isKnowledgeFolder(svc.index.folders()[i].path)).map((l) => ({ label: `$(folder) ${l}`, action: '' })),
          ...(knowledge.length ? [separator(vscode.l10n.t('Knowledge folders'))] : []),
          ...knowledge.map(({ f, line }) => ({ label: `$(library) ${line}`, description: f.path, detail: vscode.l10n.t('Select to remove from the knowledge base'), action: 'lore.removeKnowledgeFolder', arg: f.path })),
          separator(''),
          { label: `$(add) ${vscode.l10n.t('Add folder to knowledge base')}`, action: 'lore.addKnowledgeFolder' },
          { label: `$(refresh) ${vscode.l10n.t('Re-index workspace')}`, action: 'lore.reindex' },
          { label: `$(output) ${vscode.l10n.t('Show log')}`, action: 'lore.showLog' },
        ],
        { placeHolder: `${vscode.l10n.t('Lore index: {0}', stateName(st.state))}${st.message ? ` - ${st.message}` : ''}` },
      );
      if (pick?.action) await vscode.commands.executeCommand(pick.action, ...('arg' in pick ? [pick.arg] : []));
    }),
    vscode.commands.registerCommand('lore.showLog', () => log.show(true)),
  ];
}

/** The index state's name as the user reads it. */
function stateName(state: WorkspaceStatus['state']): string {
  switch (state) {
    case 'indexing': return vscode.l10n.t('indexing');
    case 'ready': return vscode.l10n.t('ready');
    case 'paused': return vscode.l10n.t('paused');
    case 'error': return vscode.l10n.t('error');
    default: return vscode.l10n.t('idle');
  }
}
