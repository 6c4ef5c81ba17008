// `lore mcp` as an assistant runs it: the built CLI over stdio, driven by the MCP SDK's own client,
// a real folder indexed through ollama-sim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { makePdf } from '../support/documents';
import { startOllamaSim } from '../support/ollamaSim';
import { closedPort } from '../support/ports';

const repo = resolve(__dirname, '../..');
const cli = join(repo, 'dist/cli.js');
let sim: Awaited<ReturnType<typeof startOllamaSim>>;
let root: string;
let folder: string;
let indexDir: string;

const PLANTED = `export interface Entry { account: string; cents: number }

/** Finds entries whose debits and credits no longer balance after a currency rounding pass. */
export function reconcileLedgerDrift(entries: Entry[], toleranceCents: number): Entry[] {
  const byAccount = new Map<string, number>();
  for (const e of entries) byAccount.set(e.account, (byAccount.get(e.account) ?? 0) + e.cents);
  return entries.filter((e) => Math.abs(byAccount.get(e.account) ?? 0) > toleranceCents);
}
`;

before(async () => {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'ignore' });
  sim = await startOllamaSim({ port: 0, embedder: 'hash' });
  root = mkdtempSync(join(tmpdir(), 'lore-mcp-'));
  folder = join(root, 'project');
  indexDir = join(root, 'index');
  mkdirSync(join(folder, 'src/ledger'), { recursive: true });
  mkdirSync(join(folder, 'docs'), { recursive: true });
  writeFileSync(join(folder, 'src/ledger/reconcile.ts'), PLANTED);
  writeFileSync(join(folder, 'src/greeting.ts'), 'export function greet(name: string): string {\n  return `hello ${name}`;\n}\n');
  writeFileSync(join(folder, 'docs/operations.md'), '# Operations\n\n## Month end\n\nFinance runs the drift report on the last business day of each month.\n');
  writeFileSync(join(folder, '.env'), 'STRIPE_KEY=sk_live_planted_secret\n');
  writeFileSync(join(folder, 'docs/runbook.pdf'), makePdf([['Runbook', 'Start here.'], ['Escalation', 'Page the treasury on-call when the quarterly settlement batch stalls.']]));
  mkdirSync(join(folder, 'config'));
  writeFileSync(join(folder, 'config/app.properties'), 'app.name=ledger\ndb.password=hunter2planted\napp.region=eu\n');
  writeFileSync(join(root, 'outside.txt'), 'text outside the served folder\n');
  const indexed = await run(['index', folder, '--index-dir', indexDir]);
  assert.equal(indexed.code, 0, indexed.stderr);
});
after(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, OLLAMA_HOST: sim.url } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function connect(args: string[], host = sim.url, extraEnv: Record<string, string> = {}): Promise<{ client: Client; errors: Error[]; close: () => Promise<void> }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', ...args], env: { ...env, ...extraEnv, OLLAMA_HOST: host }, stderr: 'pipe' });
  const errors: Error[] = [];
  const client = new Client({ name: 'lore-test', version: '0.0.0' });
  client.onerror = (e) => errors.push(e);
  await client.connect(transport);
  return { client, errors, close: () => client.close() };
}

function text(r: unknown): string {
  const content = (r as CallToolResult).content;
  return content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

test('initialize, list tools, search finds the planted function, read_passage reads it', async () => {
  const { client, errors, close } = await connect([folder, '--index-dir', indexDir]);
  try {
    assert.equal(client.getServerVersion()?.name, 'lore');
    const tools = (await client.listTools()).tools;
    assert.deepEqual(tools.map((t) => t.name).sort(), ['index_status', 'read_passage', 'search']);
    const search = tools.find((t) => t.name === 'search');
    assert.deepEqual(Object.keys(search?.inputSchema.properties ?? {}).sort(), ['k', 'mode', 'path', 'query', 'scope']);
    assert.equal(search?.annotations?.readOnlyHint, true);

    const found = (await client.callTool({ name: 'search', arguments: { query: 'which ledger entries no longer balance after rounding', k: 3 } })) as CallToolResult;
    assert.ok(!found.isError, text(found));
    const passages = (found.structuredContent as { passages: { path: string; startLine: number; endLine: number; symbol?: string; text: string }[] }).passages;
    assert.equal(passages[0].path, 'src/ledger/reconcile.ts');
    assert.match(passages[0].text, /reconcileLedgerDrift/);
    assert.match(text(found), /src\/ledger\/reconcile\.ts:\d+-\d+/, 'the text part cites path:lines');

    const docsOnly = (await client.callTool({ name: 'search', arguments: { query: 'drift report month end', scope: 'docs' } })) as CallToolResult;
    const docPaths = (docsOnly.structuredContent as { passages: { path: string }[] }).passages.map((p) => p.path);
    assert.equal(docPaths[0], 'docs/operations.md');
    assert.deepEqual(docPaths.filter((p) => p.endsWith('.ts')), [], 'scope docs leaves code out');
    const underPath = (await client.callTool({ name: 'search', arguments: { query: 'function', path: 'src/ledger' } })) as CallToolResult;
    for (const p of (underPath.structuredContent as { passages: { path: string }[] }).passages) assert.match(p.path, /^src\/ledger\//);

    const read = (await client.callTool({ name: 'read_passage', arguments: { path: 'src/ledger/reconcile.ts', startLine: 3, endLine: 4 } })) as CallToolResult;
    assert.ok(!read.isError, text(read));
    assert.deepEqual((read.structuredContent as { text: string }).text.split('\n'), PLANTED.split('\n').slice(2, 4));

    // A PDF passage names its page; read_passage reads the PDF's extracted text, lines as cited.
    const pdf = (await client.callTool({ name: 'search', arguments: { query: 'quarterly settlement batch stalls', scope: 'docs', k: 1 } })) as CallToolResult;
    const [hit] = (pdf.structuredContent as { passages: { path: string; page?: number; startLine: number; endLine: number; text: string }[] }).passages;
    assert.equal(hit.path, 'docs/runbook.pdf');
    assert.equal(hit.page, 2);
    assert.match(text(pdf), /docs\/runbook\.pdf:\d+-\d+ \(.*page 2\)/);
    const pdfRead = (await client.callTool({ name: 'read_passage', arguments: { path: hit.path, startLine: hit.startLine, endLine: hit.endLine } })) as CallToolResult;
    assert.ok(!pdfRead.isError, text(pdfRead));
    assert.equal((pdfRead.structuredContent as { text: string }).text, hit.text);

    const status = (await client.callTool({ name: 'index_status', arguments: {} })) as CallToolResult;
    const folders = (status.structuredContent as { folders: { folder: string; files: number }[] }).folders;
    assert.equal(folders[0].folder, folder);
    assert.equal(folders[0].files, 5);
    assert.deepEqual(errors, [], 'stdout carried only protocol messages');
  } finally {
    await close();
  }
});

test('read_passage refuses paths outside the folder, secret files and files not in the index; bad arguments are tool errors', async () => {
  const { client, close } = await connect([folder, '--index-dir', indexDir]);
  try {
    for (const path of ['../outside.txt', join(root, 'outside.txt'), '/etc/passwd']) {
      const r = (await client.callTool({ name: 'read_passage', arguments: { path, startLine: 1 } })) as CallToolResult;
      assert.equal(r.isError, true, path);
      assert.match(text(r), /outside the folders Lore serves/);
      assert.doesNotMatch(text(r), /text outside|root:/);
    }
    const secret = (await client.callTool({ name: 'read_passage', arguments: { path: '.env', startLine: 1 } })) as CallToolResult;
    assert.equal(secret.isError, true);
    assert.doesNotMatch(text(secret), /sk_live/);
    // A secret inside an indexed file is shown as the index holds it: a placeholder, lines kept.
    const config = (await client.callTool({ name: 'read_passage', arguments: { path: 'config/app.properties', startLine: 1, endLine: 3 } })) as CallToolResult;
    assert.ok(!config.isError, text(config));
    const lines = (config.structuredContent as { text: string }).text.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], 'app.region=eu');
    assert.match(lines[1], /^db\.password=\[secret: password\]$/);
    assert.doesNotMatch(text(config), /hunter2planted/);

    const bad = [
      { name: 'search', arguments: { query: '' } },
      { name: 'search', arguments: { query: 'x', k: 0 } },
      { name: 'search', arguments: { query: 'x', mode: 'fuzzy' } },
      { name: 'read_passage', arguments: { path: 'src/greeting.ts', startLine: 0 } },
      { name: 'read_passage', arguments: { path: 'src/greeting.ts', startLine: 3, endLine: 1 } },
    ];
    for (const call of bad) {
      const r = (await client.callTool(call)) as CallToolResult;
      assert.equal(r.isError, true, JSON.stringify(call));
    }
  } finally {
    await close();
  }
});

test('Ollama down: search falls back to keyword and says so; a folder without an index is a tool error with advice and stays untouched', async () => {
  const manifest = join(indexDir, 'vectors/manifest.json');
  const before = readFileSync(manifest, 'utf8');
  const { client, close } = await connect([folder, '--index-dir', indexDir], `http://127.0.0.1:${await closedPort()}`);
  try {
    const r = (await client.callTool({ name: 'search', arguments: { query: 'reconcileLedgerDrift' } })) as CallToolResult;
    assert.ok(!r.isError, text(r));
    assert.equal((r.structuredContent as { mode: string }).mode, 'keyword');
    assert.match(text(r), /keyword results only/);
    assert.equal((r.structuredContent as { passages: { path: string }[] }).passages[0].path, 'src/ledger/reconcile.ts');
  } finally {
    await close();
  }
  assert.equal(readFileSync(manifest, 'utf8'), before, 'a read-only session leaves the manifest as it was');

  const empty = join(root, 'unindexed');
  mkdirSync(empty);
  const missingDir = join(root, 'no-index-here');
  const second = await connect([empty, '--index-dir', missingDir]);
  try {
    const r = (await second.client.callTool({ name: 'search', arguments: { query: 'anything' } })) as CallToolResult;
    assert.equal(r.isError, true);
    assert.match(text(r), /no Lore index yet.*lore index/s);
  } finally {
    await second.close();
  }
  assert.equal(existsSync(missingDir), false, 'serving never creates an index');
});

test('Ollama started after the server: a later search probes again and uses vectors', async () => {
  const port = await closedPort();
  const { client, close } = await connect([folder, '--index-dir', indexDir], `http://127.0.0.1:${port}`, { LORE_MCP_VECTOR_RETRY_MS: '300' });
  let late: Awaited<ReturnType<typeof startOllamaSim>> | undefined;
  try {
    const down = (await client.callTool({ name: 'search', arguments: { query: 'ledger drift' } })) as CallToolResult;
    assert.equal((down.structuredContent as { mode: string }).mode, 'keyword');
    late = await startOllamaSim({ port, embedder: 'hash' });
    await new Promise((r) => setTimeout(r, 400));
    const up = (await client.callTool({ name: 'search', arguments: { query: 'ledger drift' } })) as CallToolResult;
    assert.equal((up.structuredContent as { mode: string }).mode, 'hybrid', text(up));
    assert.deepEqual((up.structuredContent as { notes: string[] }).notes, []);
  } finally {
    await close();
    await late?.close();
  }
});

test('stdout carries nothing but JSON-RPC messages, even with --update --verbose logging', async () => {
  const updDir = join(root, 'index-update');
  const child = spawn(process.execPath, [cli, 'mcp', folder, '--index-dir', updDir, '--update', '--verbose'], { env: { ...process.env, OLLAMA_HOST: sim.url } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const send = (m: object) => child.stdin.write(JSON.stringify(m) + '\n');
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search', arguments: { query: 'greet name' } } });
  const deadline = Date.now() + 30_000;
  while (!stdout.includes('"id":2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  const lines = stdout.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 2, `stdout: ${stdout}\nstderr: ${stderr}`);
  for (const l of lines) assert.equal((JSON.parse(l) as { jsonrpc: string }).jsonrpc, '2.0');
  assert.match(stderr, /files updated/, 'the --update report went to stderr');
  assert.match(lines[1], /src\/greeting\.ts/);
  assert.ok(statSync(join(updDir, 'vectors/manifest.json')).isFile() && readdirSync(updDir).length > 0, '--update built the index');
});
