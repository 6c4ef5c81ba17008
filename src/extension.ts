import * as vscode from 'vscode';
import { ChatViewProvider, CHAT_VIEW_ID } from './vscode/chatViewProvider';
import { ChatController } from './vscode/chatController';
import { RecentEdits } from './vscode/recentEdits';
import { registerCommands } from './vscode/commands';
import { registerAssistants, type Assistants } from './vscode/assistants';
import { registerKnowledgeCommands } from './vscode/knowledgeFolders';
import { IndexStatusBar } from './vscode/statusBar';
import { LoreServices } from './vscode/services';
import { HealthCheck } from './vscode/healthCheck';
import { WalkthroughProgress } from './vscode/walkthrough';
import type { IndexService } from './vscode/indexService';
import type { HostMessage } from './protocol';
import { RemoteHostNotice } from './vscode/remoteHostNotice';
import { EmbedderNotice } from './vscode/embedderNotice';
import { OllamaWatch } from './util/ollamaWatch';

/**
 * What `activate()` returns. `_test` is INTERNAL: the integration suite (test/integration) reaches the
 * live services through it. It is not an API for other extensions and may change at any time.
 */
export interface LoreExtensionApi {
  _test: {
    /** The index service, once loaded (loading starts right after activation). */
    services: () => Promise<IndexService>;
    chat: ChatController;
    view: ChatViewProvider;
    statusBar: IndexStatusBar;
    remoteHostNotice: RemoteHostNotice;
    assistants: Omit<Assistants, 'disposables'>;
    embedderNotice: EmbedderNotice;
  };
}

/**
 * Composition root. Registers the view, commands and status bar, and returns at once; the index
 * (tree-sitter, Vectra, the keyword index) is loaded after activation, off the editor's critical path.
 */
export function activate(context: vscode.ExtensionContext): LoreExtensionApi {
  const log = vscode.window.createOutputChannel('Lore', { log: true });
  const view = new ChatViewProvider(context.extensionUri, log);
  const statusBar = new IndexStatusBar();
  context.subscriptions.push(log, view, statusBar);
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }));

  // The services, built here only: the index service (loaded lazily), the index, the Ollama client, the settings.
  const services = new LoreServices(context, log);
  // First-run guidance: one non-nagging Ollama check on start, and walkthrough steps that tick themselves off.
  const health = new HealthCheck(context.extensionUri, {
    client: services.client,
    settings: services.settings,
    log,
    // Ollama just became usable (started, models pulled): resume an index paused for want of vectors now,
    // not at the next 30 s retry.
    onReady: () => {
      if (services.index?.status().state === 'paused') void services.index.reopenAll();
    },
  });
  const walkthrough = new WalkthroughProgress(context.extension.id, { onReport: health.onReport, onMessage: view.onMessage });
  context.subscriptions.push(health, walkthrough);
  // Ollama going down after indexing shows in the status bar at once, not only when a question fails.
  const ollamaWatch = new OllamaWatch((signal) => services.client().then((c) => c.version(signal)),
    (up) => statusBar.setOllama(up, services.settings().ollamaHost)).start();
  context.subscriptions.push(ollamaWatch, health.onReport((r) => ollamaWatch.saw(r.reachable)));
  // Mostly Chinese/Japanese/Korean text under an English-only embedding model: said once per workspace.
  const embedderNotice = new EmbedderNotice({
    state: context.workspaceState,
    log,
    folders: () =>
      (services.index?.folders() ?? []).flatMap((f) => {
        const folder = services.index?.folderIndex(f.path);
        return folder ? [{ model: folder.status().model, chunks: () => folder.allChunks() }] : [];
      }),
    pullModels: (names) => health.pullModels(names),
  });
  services.onLoad((svc) =>
    svc.onDidChangeStatus(() => {
      const s = svc.index.status();
      statusBar.update(s);
      walkthrough.indexStatus(s);
      view.post({ type: 'indexStatus', ...s });
      if (s.state === 'ready') embedderNotice.check().catch((err: unknown) => log.warn(`Embedder check failed: ${String(err)}`));
    }),
  );
  const recentEdits = new RecentEdits();
  context.subscriptions.push(recentEdits);
  const chat = new ChatController({
    ollamaSeen: (up) => ollamaWatch.saw(up),
    recentFiles: () => recentEdits.files.list(),
    view,
    index: () => services.index,
    client: services.startedClient,
    settings: services.settings,
    state: context.workspaceState,
    log,
    listModels: services.listModels,
    pullModel: async (model, post: (m: HostMessage) => void) => {
      const pulled = await health.pullModels([model], {
        progress: (_, p) => post({ type: 'pullProgress', model, status: p.status, completed: p.completed, total: p.total }),
        failed: (_, error) => post({ type: 'pullProgress', model, status: 'error', error }),
      }).catch((err: unknown) => void post({ type: 'pullProgress', model, status: 'error', error: String(err) }));
      if (!pulled) return;
      post({ type: 'pullProgress', model, status: 'success' });
      post({ type: 'models', models: await services.listModels(), current: services.settings().chatModel });
    },
  });
  context.subscriptions.push(chat, ...registerCommands({ view, chat, services: services.indexService, log, listModels: services.listModels }), ...registerKnowledgeCommands());
  // Lore's index for VS Code's chat and agent mode: lore_search, @lore, the MCP server definitions.
  const assistants = registerAssistants(context, { services: services.indexService, log });
  context.subscriptions.push(...assistants.disposables);

  const start = async () => {
    const svc = await services.open();
    void health.run(false).catch((err: unknown) => log.warn(`Ollama check failed: ${String(err)}`));
    await svc.start();
  };
  const startWhenTrusted = () =>
    setTimeout(() => start().catch((err: unknown) => log.error(`Lore failed to start: ${err instanceof Error ? err.stack : String(err)}`)), 0);
  if (vscode.workspace.isTrusted) startWhenTrusted();
  else {
    log.info('Workspace not trusted: Lore will not index it until you trust it.');
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(startWhenTrusted));
  }

  const remoteHostNotice = new RemoteHostNotice(context.globalState, log);
  void remoteHostNotice.check(services.settings().ollamaHost);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lore.ollamaHost')) void remoteHostNotice.check(services.settings().ollamaHost);
    }),
  );

  return { _test: { services: services.indexService, chat, view, statusBar, remoteHostNotice, assistants, embedderNotice } };
}

export function deactivate(): void {}
