import * as vscode from 'vscode';
import type { InsertTarget } from '../protocol';

/**
 * Insert a code block from an answer: at the cursor of the active editor (replacing its selection),
 * or into a new untitled editor in the block's language. With no editor open, a new file is used.
 */
export async function insertCode(code: string, language: string | undefined, target: InsertTarget): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (target === 'cursor' && editor) {
    await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, code);
    });
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ content: code, language: languageId(language) });
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** Fence names models write, mapped to VS Code language ids where they differ. */
const ALIASES: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', sh: 'shellscript', bash: 'shellscript', rs: 'rust', md: 'markdown', yml: 'yaml', 'c++': 'cpp', cs: 'csharp' };

function languageId(fence: string | undefined): string | undefined {
  if (!fence) return undefined;
  const lower = fence.toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** Asks where to save a conversation's Markdown (defaulting to the workspace) and writes it. */
export async function saveMarkdown(title: string, text: string): Promise<vscode.Uri | undefined> {
  const name = `${title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 60) || 'conversation'}.md`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { Markdown: ['md'] },
    title: vscode.l10n.t('Export Lore conversation'),
  });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}
