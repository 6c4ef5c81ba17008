import * as vscode from 'vscode';
import type { IndexService } from './indexService';
import { currentSettings } from './config';
import { chatSearchOptions } from '../chat/chatSearchOptions';
import { registerLoreSearchTool } from './lmTool';
import { registerLoreParticipant } from './chatParticipant';
import { registerLoreMcpProvider, serverCommand, type ServedIndex } from './mcpProvider';

export interface AssistantsDeps {
  /** The index service (loading it starts the index the first time). */
  services: () => Promise<IndexService>;
  log: vscode.LogOutputChannel;
}

/**
 * Lore's index for VS Code's own chat and agent mode: the `lore_search` tool, the `@lore`
 * participant and the MCP server definitions of the open folders. Each is registered only where this
 * VS Code has its API; all of them search through the same workspace index as the Lore panel.
 */
export interface Assistants {
  disposables: vscode.Disposable[];
  /** What this VS Code could register (the integration suite checks it; see LoreExtensionApi._test). */
  registered: { tool: boolean; participant: boolean; mcpProvider: boolean };
  /** The MCP servers the provider offers right now, as command lines. */
  mcpServers: () => ReturnType<typeof serverCommand>[];
}

export function registerAssistants(context: vscode.ExtensionContext, deps: AssistantsDeps): Assistants {
  const out: vscode.Disposable[] = [];
  const searcher = async () => (await deps.services()).index;
  const tool = registerLoreSearchTool({ searcher, baseFolder: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath });
  if (tool) out.push(tool);
  const participant = registerLoreParticipant(
    {
      searcher,
      settings: () => {
        const s = currentSettings();
        const active = vscode.window.activeTextEditor?.document.uri;
        return { search: chatSearchOptions(s, { activeFile: active?.scheme === 'file' ? active.fsPath : undefined, recentFiles: [] }), budgetTokens: s.contextBudgetTokens };
      },
      log: deps.log,
    },
    context.extensionUri,
  );
  if (participant) out.push(participant);

  // MCP servers exist only for folders Lore indexes; the list follows the folders and the host.
  let loaded: IndexService | undefined;
  const changed = new vscode.EventEmitter<void>();
  out.push(changed);
  const indexes = (): ServedIndex[] => {
    const index = loaded?.index;
    return index ? index.folders().map((ref) => ({ name: ref.name, folder: ref.path, indexDir: index.indexDirFor(ref) })) : [];
  };
  let key = '';
  const refresh = () => {
    const next = JSON.stringify([indexes(), currentSettings().ollamaHost]);
    if (next !== key) {
      key = next;
      changed.fire();
    }
  };
  const providerDeps = {
    indexes,
    onDidChange: changed.event,
    ollamaHost: () => currentSettings().ollamaHost,
    cliPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath,
    version: String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0'),
  };
  const provider = registerLoreMcpProvider(providerDeps);
  if (provider) out.push(provider);
  // Only once the workspace is trusted does Lore load and index it (extension.ts); until then no servers.
  const whenLoaded = () =>
    void deps.services().then((svc) => {
      loaded = svc;
      // Registered after this function returned its list: owned by the extension context instead.
      context.subscriptions.push(svc.onDidChangeStatus(refresh));
      refresh();
    });
  if (vscode.workspace.isTrusted) whenLoaded();
  else out.push(vscode.workspace.onDidGrantWorkspaceTrust(whenLoaded));
  out.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('lore.ollamaHost') && refresh()));
  deps.log.info(`Assistants: lore_search tool ${tool ? 'registered' : 'unavailable'}, @lore ${participant ? 'registered' : 'unavailable'}, MCP provider ${provider ? 'registered' : 'unavailable (VS Code < 1.101)'}`);
  return {
    disposables: out,
    registered: { tool: !!tool, participant: !!participant, mcpProvider: !!provider },
    mcpServers: () => indexes().map((i) => serverCommand(i, providerDeps)),
  };
}
