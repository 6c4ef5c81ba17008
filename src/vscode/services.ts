import * as vscode from 'vscode';
import type { WorkspaceIndex } from '../indexer/workspaceIndex';
import type { OllamaClient } from '../ollama';
import type { LoreSettings } from '../settings';
import { currentSettings } from './config';
import type { IndexService } from './indexService';

/**
 * The window's services, built in one place (extension.ts) and handed to the chat, the commands,
 * the assistants and the first-run checks: the index service (loaded lazily, off activation's
 * critical path), the workspace index, the one Ollama client (the index service's, which follows
 * `lore.ollamaHost`) and the settings.
 */
export class LoreServices {
  readonly settings: () => LoreSettings = currentSettings;
  private pending: Promise<IndexService> | undefined;
  private started: IndexService | undefined;
  private readonly loadListeners: ((svc: IndexService) => void)[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Called once, when the index service has been created (before it starts indexing). */
  onLoad(listener: (svc: IndexService) => void): void {
    this.loadListeners.push(listener);
  }

  /** The index service, created on the first call (the indexer's modules load then). */
  readonly indexService = (): Promise<IndexService> => (this.pending ??= this.load());

  /** Loads the index service if need be and opens it to the chat (`index`, `startedClient`); the caller starts indexing. */
  async open(): Promise<IndexService> {
    const svc = await this.indexService();
    this.started = svc;
    return svc;
  }

  /** The workspace index once opened (undefined before, e.g. in an untrusted workspace). */
  get index(): WorkspaceIndex | undefined {
    return this.started?.index;
  }

  /** The Ollama client, waiting for the index service to load. */
  readonly client = async (): Promise<OllamaClient> => (await this.indexService()).ollama();

  /** The Ollama client for a chat turn: there is none to answer with until `open()`. */
  readonly startedClient = (): OllamaClient => {
    if (!this.started) throw new Error(vscode.l10n.t('Lore is still starting; try again in a moment.'));
    return this.started.ollama();
  };

  /** Names of the models Ollama has. */
  readonly listModels = async (): Promise<string[]> => (await (await this.client()).listModels()).map((m) => m.name);

  private async load(): Promise<IndexService> {
    const { IndexService } = await import('./indexService');
    const storage = this.context.storageUri ?? this.context.globalStorageUri;
    const svc = new IndexService(vscode.Uri.joinPath(storage, 'indexes').fsPath, this.log);
    this.context.subscriptions.push(svc);
    for (const listener of this.loadListeners) listener(svc);
    return svc;
  }
}
