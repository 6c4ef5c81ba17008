import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Composition root: wired up by the extension issue.
}

export function deactivate(): void {}
