/**
 * Knowledge folders: directories outside the workspace (a docs share, a folder of PDFs) that Lore
 * indexes, watches and searches like workspace folders. Kept in the `lore.knowledgeFolders` setting
 * (user scope by default, since such folders usually serve every workspace); added and removed with
 * `Lore: Add Folder to Knowledge Base` / `Lore: Remove Folder from Knowledge Base`.
 */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { basename, isAbsolute, resolve } from 'node:path';
import type { FolderRef } from '../indexer/workspaceIndex';
import { Disposable } from './lifecycle';
import { isInside } from '../util/pathSafety';

const SETTING = 'knowledgeFolders';

/** Absolute paths of the configured knowledge folders (`~` expanded, duplicates and relative entries dropped). */
export function knowledgeFolderPaths(): string[] {
  const raw = vscode.workspace.getConfiguration('lore').get<unknown>(SETTING);
  const list = Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  const paths = list.map((p) => p.trim().replace(/^~(?=$|[\\/])/, homedir())).filter((p) => isAbsolute(p)).map((p) => resolve(p));
  return [...new Set(paths)];
}

/**
 * Knowledge folders as index folders, minus those already covered by a workspace folder (indexing a
 * folder twice would double its chunks). Names carry a marker so `@folder:` and the status list can
 * tell them from workspace folders.
 */
export function knowledgeFolderRefs(workspacePaths: readonly string[]): FolderRef[] {
  return knowledgeFolderPaths()
    .filter((p) => !workspacePaths.some((w) => isInside(w, p)))
    .map((p) => ({ name: basename(p) || p, path: p }));
}

export function isKnowledgeFolder(path: string): boolean {
  return knowledgeFolderPaths().includes(path);
}

async function save(paths: string[]): Promise<void> {
  await vscode.workspace.getConfiguration('lore').update(SETTING, paths, vscode.ConfigurationTarget.Global);
}

export async function addKnowledgeFolder(uri?: vscode.Uri): Promise<void> {
  const picked = uri ? [uri] : await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: true, openLabel: vscode.l10n.t('Add to Knowledge Base'),
    title: vscode.l10n.t('Lore: folders to index next to the workspace'),
  });
  const added = (picked ?? []).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  if (!added.length) return;
  const current = knowledgeFolderPaths();
  const next = [...new Set([...current, ...added])];
  if (next.length === current.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Lore: that folder is already in the knowledge base.'));
    return;
  }
  await save(next);
  void vscode.window.showInformationMessage(vscode.l10n.t('Lore: indexing {0} as knowledge.', added.map((p) => basename(p)).join(', ')));
}

export async function removeKnowledgeFolder(path?: string): Promise<void> {
  const current = knowledgeFolderPaths();
  if (!current.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Lore: the knowledge base has no extra folders.'));
    return;
  }
  const target = typeof path === 'string' ? path : (await vscode.window.showQuickPick(
    current.map((p) => ({ label: basename(p) || p, description: p })),
    { placeHolder: vscode.l10n.t('Folder to remove from the knowledge base (its files stay where they are)') },
  ))?.description;
  if (!target) return;
  if (typeof path === 'string') {
    const remove = vscode.l10n.t('Remove');
    const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Remove {0} from the Lore knowledge base? Its index is dropped; the files stay.', basename(target)), { modal: true }, remove);
    if (ok !== remove) return;
  }
  await save(current.filter((p) => p !== resolve(target)));
}

/** File watchers for knowledge folders (the workspace watcher only sees workspace folders). */
export class KnowledgeFolderWatchers extends Disposable {
  private readonly watchers = new Map<string, vscode.Disposable>();

  constructor(private readonly changed: (paths: string[]) => void) {
    super();
    this.register({ dispose: () => this.update([]) });
  }

  update(folders: readonly string[]): void {
    const wanted = new Set(folders);
    for (const [path, watcher] of this.watchers) {
      if (!wanted.has(path)) {
        watcher.dispose();
        this.watchers.delete(path);
      }
    }
    for (const path of wanted) {
      if (this.watchers.has(path)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path), '**/*'));
      const on = (uri: vscode.Uri) => this.changed([uri.fsPath]);
      const subs = [watcher, watcher.onDidCreate(on), watcher.onDidChange(on), watcher.onDidDelete(on)];
      this.watchers.set(path, { dispose: () => subs.forEach((s) => s.dispose()) });
    }
  }
}

/** `lore.addKnowledgeFolder` (also from the Explorer's folder context menu) and `lore.removeKnowledgeFolder`. */
export function registerKnowledgeCommands(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('lore.addKnowledgeFolder', (uri?: unknown) => addKnowledgeFolder(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('lore.removeKnowledgeFolder', (path?: unknown) => removeKnowledgeFolder(typeof path === 'string' ? path : undefined)),
  ];
}
