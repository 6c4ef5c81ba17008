import * as vscode from 'vscode';
import { WorkspaceIndex, type FolderRef } from '../indexer/workspaceIndex';
import { Embedder } from '../indexer/embedder';
import { OllamaClient } from '../ollama';
import type { DiscoveryOptions } from '../indexer/types';
import { currentSettings } from './config';
import { impactOf } from '../settings';
import { Disposable } from './lifecycle';
import { KnowledgeFolderWatchers, knowledgeFolderRefs } from './knowledgeFolders';

/**
 * The live index of the open workspace: one WorkspaceIndex fed by workspace-folder changes, a file
 * watcher (saves, creates, deletes, renames; debounced and batched in WorkspaceIndex), and setting
 * changes. Loaded lazily after activation so the editor never waits for it.
 */
export class IndexService extends Disposable {
  readonly index: WorkspaceIndex;
  private readonly statusEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeStatus = this.statusEmitter.event;
  private client: OllamaClient;
  private readonly knowledgeWatchers: KnowledgeFolderWatchers;

  constructor(storageDir: string, log: vscode.LogOutputChannel) {
    super();
    this.client = newClient();
    this.index = new WorkspaceIndex({
      storageDir,
      makeEmbedder: () => {
        const s = currentSettings();
        const embedder = new Embedder(this.client, {
          model: s.embeddingModel,
          batchSize: s.embeddingBatchSize,
          concurrency: s.embeddingConcurrency,
          prefixes: { query: s.queryPrefix ?? undefined, document: s.documentPrefix ?? undefined },
        });
        return { embedder, model: s.embeddingModel };
      },
      discovery: () => discoveryOptions(),
      log: (m) => log.info(m),
    });
    const unsubscribe = this.index.onStatus(() => this.statusEmitter.fire());
    this.register({ dispose: unsubscribe });

    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*'));
    const changed = (uri: vscode.Uri) => {
      if (uri.scheme === 'file') this.index.pathsChanged([uri.fsPath]);
    };
    this.register(watcher.onDidCreate(changed));
    this.register(watcher.onDidChange(changed));
    this.register(watcher.onDidDelete(changed));
    this.knowledgeWatchers = this.register(new KnowledgeFolderWatchers((paths) => this.index.pathsChanged(paths)));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.syncFolders()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('lore')) return;
        if (e.affectsConfiguration('lore.knowledgeFolders')) void this.syncFolders();
        const impact = impactOf((key) => e.affectsConfiguration(`lore.${key}`));
        if (e.affectsConfiguration('lore.ollamaHost') || e.affectsConfiguration('lore.ollamaTimeoutSeconds')) this.client = newClient();
        if (impact === 'reindex') {
          log.info('Embedding settings changed: re-indexing');
          void this.index.reopenAll();
        } else if (impact === 'rescan') {
          log.info('File selection settings changed: rescanning');
          void this.index.rescanAll();
        }
      }),
    );
  }

  /** The Ollama client for the current host setting (shared with the chat). */
  ollama(): OllamaClient {
    return this.client;
  }

  async start(): Promise<void> {
    await this.syncFolders();
  }

  private async syncFolders(): Promise<void> {
    const folders: FolderRef[] = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => ({ name: f.name, path: f.uri.fsPath }));
    // Knowledge folders outside the workspace are indexed alongside, with their own watchers.
    const knowledge = knowledgeFolderRefs(folders.map((f) => f.path));
    this.knowledgeWatchers.update(knowledge.map((f) => f.path));
    await this.index.setFolders([...folders, ...knowledge]);
  }

  override dispose(): void {
    super.dispose();
    void this.index.dispose();
  }
}

/** A client for the current host; a silent server is given up after lore.ollamaTimeoutSeconds. */
function newClient(): OllamaClient {
  const s = currentSettings();
  return new OllamaClient({ host: s.ollamaHost, firstByteTimeoutMs: s.ollamaTimeoutSeconds * 1000 });
}

function discoveryOptions(): DiscoveryOptions {
  const s = currentSettings();
  return { include: s.include, exclude: s.exclude, maxFileSize: s.maxFileSizeKb * 1024 };
}
