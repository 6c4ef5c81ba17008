import * as vscode from 'vscode';
import { resolveInsideWorkspace, type SourceLocation } from '../util/pathSafety';

export type { SourceLocation };

/** Opens the cited file with the cited lines selected and centred. */
export async function openSourceInEditor(loc: SourceLocation, log: vscode.LogOutputChannel): Promise<boolean> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const abs = resolveInsideWorkspace(loc, folders);
  if (!abs) {
    log.warn(`Refused to open a source outside the workspace: ${loc.path}`);
    return false;
  }
  const start = new vscode.Position(Math.max(0, loc.startLine - 1), 0);
  const end = new vscode.Position(Math.max(0, loc.endLine - 1), Number.MAX_SAFE_INTEGER);
  try {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(abs), { selection: new vscode.Range(start, start), preview: true });
    editor.selection = new vscode.Selection(start, editor.document.lineAt(Math.min(end.line, editor.document.lineCount - 1)).range.end);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  } catch (err) {
    void vscode.window.showWarningMessage(`Lore: cannot open ${loc.path}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}
