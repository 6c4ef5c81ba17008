// `npm run demo`: index this repository with the built CLI and ask it a question. Uses the Ollama at
// OLLAMA_HOST when one answers; otherwise starts ollama-sim (a simulator, not a model) and says so.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveOllamaHost } from '../src/indexer/indexLocation';
import { startOllamaSim } from '../test/support/ollamaSim';

const repo = resolve(__dirname, '..');
const question = process.argv[2] ?? 'Where are secret files like .env excluded from the index?';

async function reachable(host: string): Promise<boolean> {
  try {
    const res = await fetch(`${host}/api/version`, { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Runs the built CLI as a user would; asynchronously, so an in-process ollama-sim keeps answering. */
async function lore(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  console.log(`\n$ lore ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`);
  const child = spawn(process.execPath, [join(repo, 'dist/cli.js'), ...args], { stdio: 'inherit', env });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`lore ${args[0]} exited with ${code}`);
}

async function main(): Promise<void> {
  let host = resolveOllamaHost(undefined);
  let sim: Awaited<ReturnType<typeof startOllamaSim>> | undefined;
  if (!(await reachable(host))) {
    const hasModel = process.env.LORE_DEMO_EMBEDDER !== 'hash';
    sim = await startOllamaSim({ port: 0, embedder: hasModel ? 'model2vec' : 'hash' }).catch(() => startOllamaSim({ port: 0, embedder: 'hash' }));
    host = sim.url;
    console.log(`No Ollama at ${resolveOllamaHost(undefined)}; using ollama-sim at ${host} (a simulator: scripted answers, real retrieval).`);
  }
  const indexDir = mkdtempSync(join(tmpdir(), 'lore-demo-'));
  const env = { ...process.env, OLLAMA_HOST: host, LORE_INDEX_DIR: indexDir };
  try {
    await lore(['index', repo], env);
    await lore(['search', question, repo, '--top', '5'], env);
    await lore(['ask', question, repo], env);
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
    await sim?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
