/**
 * How long `lore index`, `search` and `ask` wait on a server that accepts connections and never
 * answers, with the default limits (or LORE_OLLAMA_TIMEOUT if set). Runs the built CLI:
 *   npm run build && npx tsx bench/silentServerWait.ts
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(import.meta.dirname, '../dist/cli.js');

async function main(): Promise<void> {
  const server = createServer((socket) => socket.resume());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const root = mkdtempSync(join(tmpdir(), 'lore-silent-'));
  mkdirSync(join(root, 'ws'));
  writeFileSync(join(root, 'ws', 'notes.md'), '# Rollout\n\nThe rollout waits for the canary.\n');
  const env = { ...process.env };
  for (const k of ['OLLAMA_HOST', 'LORE_INDEX_DIR']) delete env[k];
  const run = (args: string[]) => new Promise<string>((res) => {
    const t0 = performance.now();
    execFile(process.execPath, [CLI, ...args, join(root, 'ws'), '--index-dir', join(root, 'idx'), '--ollama', url], { env }, (err, _out, stderr) => {
      res(`${((performance.now() - t0) / 1000).toFixed(1)} s (exit ${err?.code ?? 0}): ${stderr.trim().split('\n').pop()}`);
    });
  });
  for (const [name, args] of [['index', ['index']], ['search', ['search', 'canary']], ['ask', ['ask', 'What does the rollout wait for?']]] as const) {
    console.log(`${name}: ${await run([...args])}`);
  }
  server.close();
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
}

void main();
