import * as vscode from 'vscode';
import { RecentFiles } from '../indexer/search/recentFiles';
import { Disposable } from './lifecycle';

/**
 * Feeds RecentFiles from the editor: a file counts as edited when its text changes in an editor
 * (typed, pasted, refactored; saved or not), not when it is merely opened. Deleted and renamed
 * files are forgotten.
 */
export class RecentEdits extends Disposable {
  readonly files = new RecentFiles();

  constructor() {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme === 'file' && e.contentChanges.length > 0) this.files.touch(e.document.uri.fsPath);
    }));
    this.register(vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((u) => this.files.forget(u.fsPath))));
    this.register(vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => this.files.forget(f.oldUri.fsPath))));
  }
}
