// Behaviour that needs to look inside Ollama: this suite starts its own ollama-sim in the extension host (its
// request log shows what Lore sent and whether it hung up) and points lore.ollamaHost at it for the suite.
// Model picker from /api/tags, Pull model with progress, Stop closing the HTTP request, follow-up retrieval
// that uses the conversation, and an unreachable (remote) host: paused index, one-time privacy notice,
// actionable chat error with retrieval-only passages.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { startOllamaSim, type OllamaSim } from '../support/ollamaSim';
import type { IndexService } from '../../src/vscode/indexService';
import { lore, readyIndex, recordPosts, setSetting, sleep, waitFor, workspaceFolder, type LoreTestApi } from './lore';

const DEFAULT_CHAT = ['deepseek-r1:1.5b', 'llama3.2', 'qwen2.5-coder:1.5b'];
const DEFAULT_EMBED = ['nomic-embed-text', 'all-minilm', 'mxbai-embed-large'];

/** A non-loopback address of this machine with nothing listening: connections are refused at once. */
async function remoteButRefusing(): Promise<string | undefined> {
  const ip = Object.values(os.networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  if (!ip) return undefined;
  // A port that was free a moment ago (fetch refuses "bad ports" such as 9 before connecting at all).
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, ip, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://${ip}:${port}`;
}

suite('ollama (suite-owned ollama-sim)', () => {
  let api: LoreTestApi;
  let svc: IndexService;
  let sim: OllamaSim;

  const folderIndex = () => svc.index.folderIndex(workspaceFolder().uri.fsPath);

  async function useHost(url: string): Promise<void> {
    const before = folderIndex();
    await setSetting('ollamaHost', url);
    await waitFor(`the index to reopen for ${url}`, () => folderIndex() !== undefined && folderIndex() !== before, 20_000);
  }

  suiteSetup(async () => {
    api = await lore();
    svc = await api.services();
    sim = await startOllamaSim({ port: 0, logInputs: true, tokenLatencyMs: 25 });
    await useHost(sim.url);
    await readyIndex(api);
    api.chat.newChat();
  });

  suiteTeardown(async () => {
    api?.chat.stop();
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.getConfiguration('lore').update('chatModel', undefined, vscode.ConfigurationTarget.Global);
    if (svc) {
      await setSetting('ollamaHost', undefined);
      await sleep(500);
      await readyIndex(api).catch(() => undefined);
    }
    await sim?.close();
  });

  setup(() => sim.setModels({ chat: DEFAULT_CHAT, embed: DEFAULT_EMBED }));

  test('Select Chat Model offers the models of /api/tags and stores the pick', async () => {
    sim.setModels({ chat: ['deepseek-r1:1.5b', 'qwen2.5-coder:1.5b'], embed: ['nomic-embed-text'] });
    const since = sim.log.length;
    const picking = vscode.commands.executeCommand('lore.selectChatModel');
    await waitFor('Lore to ask /api/tags', () => sim.log.slice(since).some((e) => e.path === '/api/tags' && e.finished));
    await sleep(500);
    // Quick pick items, in /api/tags order: deepseek-r1:1.5b (current), nomic-embed-text, qwen2.5-coder:1.5b.
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picking;
    const picked = vscode.workspace.getConfiguration('lore').get<string>('chatModel');
    assert.ok(picked !== 'deepseek-r1:1.5b', 'the pick was not stored');
    assert.ok(['qwen2.5-coder:1.5b', 'nomic-embed-text'].includes(picked ?? ''), `picked ${picked}, which /api/tags did not list`);
    await vscode.workspace.getConfiguration('lore').update('chatModel', undefined, vscode.ConfigurationTarget.Global);
  });

  test('a missing chat model gives "Pull model", which pulls with progress and then answers', async () => {
    sim.setModels({ chat: ['llama3.2'], embed: DEFAULT_EMBED });
    await api.chat.ask('How does handleLogin lock an account?');
    const failed = api.chat.snapshots().at(-1)!;
    assert.equal(failed.state, 'error');
    assert.ok(failed.error?.actions?.includes('pullModel'), `actions: ${JSON.stringify(failed.error?.actions)}`);
    assert.equal(failed.error?.model, 'deepseek-r1:1.5b');
    assert.match(`${failed.error?.message} ${failed.error?.advice ?? ''}`, /deepseek-r1:1\.5b/);

    const posts = recordPosts(api);
    try {
      await api.chat.handle({ type: 'pullModel', model: 'deepseek-r1:1.5b' });
    } finally {
      posts.dispose();
    }
    const progress = posts.of('pullProgress');
    assert.ok(progress.some((p) => p.total && p.completed !== undefined && p.completed < p.total), `no partial progress: ${JSON.stringify(progress)}`);
    assert.equal(progress.at(-1)?.status, 'success', `last progress: ${JSON.stringify(progress.at(-1))}`);
    assert.ok(posts.of('models').at(-1)?.models.includes('deepseek-r1:1.5b'), 'model list not refreshed after the pull');
    assert.ok(sim.log.some((e) => e.path === '/api/pull' && e.model === 'deepseek-r1:1.5b'));

    await api.chat.handle({ type: 'retry', turnId: failed.turnId });
    assert.equal(api.chat.snapshots().at(-1)!.state, 'done');
  });

  test('Stop aborts the answer and closes the HTTP request to Ollama', async () => {
    api.chat.newChat();
    const posts = recordPosts(api);
    const since = sim.log.length;
    const asking = api.chat.ask('Explain handleLogin step by step.');
    try {
      await waitFor('the answer to start streaming', () => posts.of('answerDelta').length >= 2, 30_000);
      await vscode.commands.executeCommand('lore.stop');
      const stoppedAt = performance.now();
      await asking;
      const turn = api.chat.snapshots().at(-1)!;
      assert.equal(turn.state, 'stopped');
      const chat = await waitFor('the /api/chat request to end', () => sim.log.slice(since).find((e) => e.path === '/api/chat' && e.finished), 5_000);
      assert.equal(chat.clientClosed, true, 'Ollama kept streaming: the client did not close the request');
      assert.ok(chat.endedAt! - stoppedAt < 1_000, `request ended ${Math.round(chat.endedAt! - stoppedAt)} ms after Stop`);
      const length = turn.answer.length;
      await sleep(500);
      assert.equal(api.chat.snapshots().at(-1)!.answer.length, length, 'answer grew after Stop');
    } finally {
      posts.dispose();
      await asking.catch(() => undefined);
    }
  });

  test('a follow-up question is retrieved with the conversation in mind', async () => {
    api.chat.newChat();
    await api.chat.ask('What does `createSession` return?');
    const first = api.chat.snapshots().at(-1)!;
    assert.equal(first.state, 'done');
    const since = sim.log.length;
    const followUp = 'Where is it called?';
    await api.chat.ask(followUp);
    assert.equal(api.chat.snapshots().at(-1)!.state, 'done');
    const queries = sim.log.slice(since).flatMap((e) => (e.path === '/api/embed' ? e.inputs ?? [] : [])).filter((t) => t.startsWith('search_query: '));
    assert.equal(queries.length, 1, `expected one query embedding, got ${JSON.stringify(queries)}`);
    const query = queries[0]!.slice('search_query: '.length);
    assert.notEqual(query.trim(), followUp, 'the follow-up was searched as is');
    const asked = new Set(followUp.toLowerCase().match(/\w+/g));
    const added = (query.match(/[\w.$]+/g) ?? []).filter((w) => !asked.has(w.toLowerCase()));
    assert.ok(added.length > 0 && added.every((w) => `${first.question} ${first.answer}`.includes(w)),
      `rewritten query "${query}" does not bring in words of the earlier turn`);
    assert.ok(sim.log.slice(since).some((e) => e.path === '/api/chat' && e.chunks === 0), 'no rewrite request (non-streamed chat) was sent');
  });

  test('an unreachable remote host: notice once, index paused, chat error names the host and shows passages', async function () {
    const remote = await remoteButRefusing();
    if (!remote) {
      console.log('SKIP: this machine has no non-loopback IPv4 address to stand in for a remote Ollama');
      this.skip();
    }
    const shown = api.remoteHostNotice.shown.length;
    await useHost(remote);
    await waitFor('the index to pause', () => svc.index.status().state === 'paused', 20_000, () => svc.index.status());
    assert.ok(api.statusBar.shown.text.includes('$(debug-pause)') && api.statusBar.shown.warning, `status bar: ${JSON.stringify(api.statusBar.shown)}`);
    assert.deepEqual(api.remoteHostNotice.shown.slice(shown), [remote], 'the remote-host notice was not shown');

    api.chat.newChat();
    await api.chat.ask('How does handleLogin lock an account?');
    const turn = api.chat.snapshots().at(-1)!;
    assert.equal(turn.state, 'error');
    const text = `${turn.error?.message} ${turn.error?.advice ?? ''}`;
    assert.ok(text.includes(remote), `error does not name ${remote}: ${text}`);
    assert.match(text, /ollama serve/);
    assert.doesNotMatch(text, /fetch failed|ECONNREFUSED/);
    const passages = turn.error?.retrievalOnly ?? [];
    assert.ok(passages.some((p) => p.path === 'src/auth/login.ts' && p.text.includes('handleLogin')), `retrieval-only passages: ${JSON.stringify(passages.map((p) => p.path))}`);

    await vscode.commands.executeCommand('notifications.clearAll');
    await waitFor('the dismissal to be remembered', () => api.remoteHostNotice.acknowledged().includes(remote), 5_000);
    await useHost(sim.url);
    await useHost(remote);
    assert.equal(api.remoteHostNotice.shown.filter((h) => h === remote).length, 1, 'the notice came back after being dismissed');
    await useHost(sim.url);
    await readyIndex(api);
  });
});
