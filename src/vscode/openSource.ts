import * as vscode from 'vscode';
import { resolveInsideWorkspace, type SourceLocation } from '../util/pathSafety';
import { knowledgeFolderPaths } from './knowledgeFolders';

export type { SourceLocation };

/**
 * Opens a cited source. A file is opened with the cited lines selected and centred. An extracted
 * document's lines count its extracted text, so it is opened as a whole instead: a notebook with the
 * cited cell selected, a PDF or Word file in whatever editor VS Code has for it, with the page in
 * the status bar.
 */
export async function openSourceInEditor(loc: SourceLocation, log: vscode.LogOutputChannel): Promise<boolean> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const abs = resolveInsideWorkspace(loc, [...folders, ...knowledgeFolderPaths()]);
  if (!abs) {
    log.warn(`Refused to open a source outside the workspace: ${loc.path}`);
    return false;
  }
  try {
    if (loc.extracted) return await openDocument(vscode.Uri.file(abs), loc);
    const start = new vscode.Position(Math.max(0, loc.startLine - 1), 0);
    const end = new vscode.Position(Math.max(0, loc.endLine - 1), Number.MAX_SAFE_INTEGER);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(abs), { selection: new vscode.Range(start, start), preview: true });
    editor.selection = new vscode.Selection(start, editor.document.lineAt(Math.min(end.line, editor.document.lineCount - 1)).range.end);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  } catch (err) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Lore: cannot open {0}: {1}', loc.path, err instanceof Error ? err.message : String(err)));
    return false;
  }
}

async function openDocument(uri: vscode.Uri, loc: SourceLocation): Promise<boolean> {
  if (loc.cell !== undefined) {
    try {
      const notebook = await vscode.workspace.openNotebookDocument(uri);
      const index = Math.min(loc.cell - 1, Math.max(0, notebook.cellCount - 1));
      const range = new vscode.NotebookRange(index, index + 1);
      const editor = await vscode.window.showNotebookDocument(notebook, { selections: [range], preview: true });
      editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
      return true;
    } catch {
      // No notebook support in this editor: fall through to opening the file itself.
    }
  }
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  if (loc.page !== undefined) vscode.window.setStatusBarMessage(`Lore: the cited passage is on page ${loc.page} of ${loc.path}`, 10_000);
  return true;
}
