// Lore's index for VS Code's own chat and agent mode, in the real extension host: the lore_search tool through
// vscode.lm.invokeTool, @lore's handler against the live index with a stand-in chat model, and the MCP server
// the provider offers, started as VS Code would start it and driven by the MCP SDK's client.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createHandler } from '../../src/vscode/chatParticipant';
import { lore, needSim, readyIndex, workspaceFolder } from './lore';

const QUERY = 'handleLogin lock account after failed attempts';

function toolText(result: vscode.LanguageModelToolResult): string {
  return result.content.map((p) => (p && typeof p === 'object' && 'value' in p && typeof p.value === 'string' ? p.value : '')).join('');
}

/** Records what the participant writes to the chat response. */
function recordingStream() {
  const calls = { markdown: [] as string[], references: [] as (vscode.Uri | vscode.Location)[], anchors: [] as { target: vscode.Uri | vscode.Location; title?: string }[], buttons: [] as vscode.Command[], progress: [] as string[] };
  const md = (v: string | vscode.MarkdownString) => calls.markdown.push(typeof v === 'string' ? v : v.value);
  const stream = {
    markdown: md,
    reference: (v: vscode.Uri | vscode.Location) => calls.references.push(v),
    anchor: (target: vscode.Uri | vscode.Location, title?: string) => calls.anchors.push({ target, title }),
    button: (c: vscode.Command) => calls.buttons.push(c),
    progress: (t: string) => calls.progress.push(t),
  };
  return { calls, stream: stream as unknown as vscode.ChatResponseStream };
}

/** A chat model that answers from the first numbered source it is given and cites it. */
function citingModel(seen: string[]): vscode.LanguageModelChat {
  return {
    id: 'stand-in',
    sendRequest: async (messages: vscode.LanguageModelChatMessage[]) => {
      for (const m of messages) for (const part of m.content) if (part instanceof vscode.LanguageModelTextPart) seen.push(part.value);
      async function* text() {
        yield 'Accounts are locked after repeated failed logins ';
        yield '[1].';
      }
      return { text: text(), stream: text() };
    },
  } as unknown as vscode.LanguageModelChat;
}

suite('assistants (lore_search, @lore, MCP provider)', () => {
  test('lore_search is listed with its model description and vscode.lm.invokeTool returns handleLogin\'s path', async function () {
    needSim(this);
    const api = await lore();
    await readyIndex(api);
    const info = vscode.lm.tools.find((t) => t.name === 'lore_search');
    assert.ok(info, `lore_search is not among ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
    assert.match(info.description, /code AND documents/);
    const cts = new vscode.CancellationTokenSource();
    const result = await vscode.lm.invokeTool('lore_search', { input: { query: QUERY, k: 3 }, toolInvocationToken: undefined }, cts.token);
    const text = toolText(result);
    assert.match(text, /\[1\] src\/auth\/login\.ts:\d+-\d+/, text);
    assert.match(text, /handleLogin/);
    const scoped = toolText(await vscode.lm.invokeTool('lore_search', { input: { query: QUERY, scope: 'docs' }, toolInvocationToken: undefined }, cts.token));
    assert.doesNotMatch(scoped, /\.ts:\d+-\d+/, 'scope docs leaves code out');
    const bad = toolText(await vscode.lm.invokeTool('lore_search', { input: { query: 'x', k: 0 }, toolInvocationToken: undefined }, cts.token));
    assert.match(bad, /^Invalid input: k must be/);
  });

  test('@lore and the MCP provider are registered (this VS Code has both APIs)', async () => {
    const api = await lore();
    assert.deepEqual(api.assistants.registered, { tool: true, participant: true, mcpProvider: true });
  });

  test('@lore answers with the request\'s model and cites handleLogin with a reference and an anchor', async function () {
    needSim(this);
    const api = await lore();
    const svc = await readyIndex(api);
    const log = vscode.window.createOutputChannel('Lore test', { log: true });
    const handler = createHandler({ searcher: async () => svc.index, settings: () => ({ search: { k: 4 }, budgetTokens: 4000 }), log });
    const prompts: string[] = [];
    const { calls, stream } = recordingStream();
    const request = { prompt: QUERY, command: 'code', model: citingModel(prompts), references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
    const cts = new vscode.CancellationTokenSource();
    await handler(request, { history: [] } as unknown as vscode.ChatContext, stream, cts.token);
    assert.match(prompts.join('\n'), /\[1\] src\/auth\/login\.ts:\d+-\d+/, 'the model got the numbered sources');
    assert.match(calls.markdown.join(''), /Accounts are locked after repeated failed logins \[1\]\./);
    const login = workspaceFolder().uri.with({ path: `${workspaceFolder().uri.path}/src/auth/login.ts` }).toString();
    const refs = calls.references.map((r) => (r instanceof vscode.Location ? r.uri.toString() : r.toString()));
    assert.equal(refs[0], login, `references: ${refs.join(', ')}`);
    assert.equal(calls.anchors.length, 1);
    assert.match(calls.anchors[0].title ?? '', /^src\/auth\/login\.ts:\d+-\d+$/);
    const anchor = calls.anchors[0].target;
    assert.ok(anchor instanceof vscode.Location && anchor.range.start.line >= 0);

    const none = recordingStream();
    await handler({ ...request, model: undefined } as unknown as vscode.ChatRequest, { history: [] } as unknown as vscode.ChatContext, none.stream, cts.token);
    assert.match(none.calls.markdown.join(''), /No chat model is available/);
    assert.equal(none.calls.buttons[0]?.command, 'workbench.view.extension.lore');
    log.dispose();
  });

  test('the MCP server the provider offers for the workspace answers search from the extension\'s index', async function () {
    needSim(this);
    const api = await lore();
    await readyIndex(api);
    const servers = api.assistants.mcpServers();
    assert.equal(servers.length, 1, JSON.stringify(servers));
    const s = servers[0];
    assert.ok(s.args.includes(workspaceFolder().uri.fsPath));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...s.env })) if (typeof v === 'string') env[k] = v;
    const client = new Client({ name: 'lore-it', version: '0' });
    await client.connect(new StdioClientTransport({ command: s.command, args: s.args, env, stderr: 'pipe' }));
    try {
      const r = (await client.callTool({ name: 'search', arguments: { query: QUERY, k: 3 } })) as CallToolResult;
      assert.ok(!r.isError, JSON.stringify(r.content));
      const passages = (r.structuredContent as { passages: { path: string }[] }).passages;
      assert.equal(passages[0]?.path, 'src/auth/login.ts', JSON.stringify(passages.map((p) => p.path)));
    } finally {
      await client.close();
    }
  });
});
