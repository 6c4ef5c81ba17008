import * as vscode from 'vscode';

/** `contributes.mcpServerDefinitionProviders[].id` in package.json. */
export const LORE_MCP_PROVIDER_ID = 'lore.mcpServers';

/**
 * The MCP provider API arrived in VS Code 1.101; Lore's floor is 1.100 and @types/vscode is pinned to
 * it, so the shapes used are declared here and looked up at run time (no global augmentation, which
 * would clash with newer @types/vscode).
 */
interface McpStdioServerDefinition {
  readonly label: string;
}
type McpStdioServerDefinitionCtor = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => McpStdioServerDefinition;
interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]>;
}
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
}

/** One folder Lore indexes and where the extension keeps its index. */
export interface ServedIndex {
  name: string;
  folder: string;
  indexDir: string;
}

export interface McpProviderDeps {
  /** Folders indexed right now (empty while Lore starts or the workspace is untrusted). */
  indexes: () => readonly ServedIndex[];
  /** Fires when folders come or go, or the Ollama host changes. */
  onDidChange: vscode.Event<void>;
  ollamaHost: () => string;
  /** Absolute path of the bundled CLI (dist/cli.js). */
  cliPath: string;
  version: string;
}

/**
 * The command line of `lore mcp` for one folder: the extension host's own runtime runs the bundled
 * CLI (Electron's binary behaves as Node with ELECTRON_RUN_AS_NODE), so nothing has to be installed,
 * and the server reads the extension's index of the folder, read-only.
 */
export function serverCommand(index: ServedIndex, deps: Pick<McpProviderDeps, 'ollamaHost' | 'cliPath'>, execPath = process.execPath) {
  return {
    label: `Lore: ${index.name}`,
    command: execPath,
    args: [deps.cliPath, 'mcp', index.folder, '--index-dir', index.indexDir, '--ollama', deps.ollamaHost()],
    env: { ELECTRON_RUN_AS_NODE: '1' } as Record<string, string>,
  };
}

/** Registers the provider where this VS Code has the API (1.101+); undefined elsewhere. */
export function registerLoreMcpProvider(deps: McpProviderDeps): vscode.Disposable | undefined {
  const api = vscode.lm as unknown as Partial<McpApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionCtor }).McpStdioServerDefinition;
  if (typeof api.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') return undefined;
  return api.registerMcpServerDefinitionProvider(LORE_MCP_PROVIDER_ID, {
    onDidChangeMcpServerDefinitions: deps.onDidChange,
    provideMcpServerDefinitions: () =>
      deps.indexes().map((index) => {
        const c = serverCommand(index, deps);
        return new Definition(c.label, c.command, c.args, c.env, deps.version);
      }),
  });
}
