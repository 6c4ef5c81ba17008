// Shared helpers of the integration suites: the running extension's internal test API, polling with a
// reason on timeout, searches over the live WorkspaceIndex and fixture file edits that are undone afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LoreExtensionApi } from '../../src/extension';
import type { FolderHit } from '../../src/indexer/workspaceIndex';
import type { IndexService } from '../../src/vscode/indexService';
import type { HostMessage } from '../../src/protocol';

export const EXTENSION_ID = 'lore-dev.lore';
export type LoreTestApi = LoreExtensionApi['_test'];

export async function lore(): Promise<LoreTestApi> {
  const ext = vscode.extensions.getExtension<LoreExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  assert.ok(api?._test, 'activate() did not return the internal test API');
  return api._test;
}

/** Skips the calling test (with a printed reason) unless test/e2e/run.sh started ollama-sim. */
export function needSim(ctx: Mocha.Context): void {
  if (process.env.LORE_E2E_OLLAMA_SIM !== 'running') {
    console.log(`SKIP ${ctx.currentTest?.title ?? ctx.test?.title}: ollama-sim is not running at lore.ollamaHost`);
    ctx.skip();
  }
}

/** Polls `probe` until it returns something truthy; the timeout error says what was awaited and what was last seen. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000, describe?: () => unknown): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) {
      const seen = describe ? ` (last seen: ${JSON.stringify(await describe())})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}`);
    }
    await sleep(100);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder;
}

export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
}

/** The index service once every folder is indexed with vectors for every chunk (state "ready"). */
export async function readyIndex(api: LoreTestApi, timeoutMs = 60_000): Promise<IndexService> {
  const svc = await api.services();
  await waitFor('the workspace index to be ready with vectors', () => {
    const s = svc.index.status();
    const folder = svc.index.folderIndex(workspaceFolder().uri.fsPath)?.status();
    return s.state === 'ready' && s.chunks > 0 && folder !== undefined && folder.withVectors === folder.chunks;
  }, timeoutMs, () => ({ status: svc.index.status(), folder: svc.index.folderIndex(workspaceFolder().uri.fsPath)?.status() }));
  return svc;
}

export async function search(svc: IndexService, query: string, mode: 'hybrid' | 'vector' | 'keyword' = 'hybrid', k = 8): Promise<FolderHit[]> {
  return (await svc.index.search({ query, k, mode })).hits;
}

/** `path:start-end symbol` of each hit, for readable assertion messages. */
export function describeHits(hits: FolderHit[]): string[] {
  return hits.map((h) => `${h.path}:${h.startLine}-${h.endLine}${h.symbol ? ` ${h.symbol}` : ''}`);
}

export async function readText(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(relativePath)));
}

export async function writeText(relativePath: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(relativePath), new TextEncoder().encode(text));
}

/** Records every message the host posts to the chat view until `dispose()`. */
export function recordPosts(api: LoreTestApi): { messages: HostMessage[]; of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[]; dispose(): void } {
  const messages: HostMessage[] = [];
  const sub = api.view.onDidPost((m) => messages.push(m));
  return {
    messages,
    of: <T extends HostMessage['type']>(type: T) => messages.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type),
    dispose: () => sub.dispose(),
  };
}

/** Sets a `lore.*` setting in the workspace (undefined removes it) and waits for the change event to pass. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('lore').update(key, value, vscode.ConfigurationTarget.Workspace);
}
