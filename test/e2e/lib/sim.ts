// Stops and restarts the ollama-sim that test/e2e/run.sh started, for scenarios about a vanished or slow Ollama.
// The sim's process group id lives in $LORE_E2E_SIM_DIR/sim.pgid, which run.sh's cleanup reads, so a sim
// restarted here is still killed at the end.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { HarnessEnv } from './env';

function simPaths(): { pgidFile: string; log: string; port: number } {
  const dir = process.env.LORE_E2E_SIM_DIR;
  const port = Number(process.env.LORE_E2E_SIM_PORT);
  if (!dir || !port) throw new Error('LORE_E2E_SIM_DIR/LORE_E2E_SIM_PORT not set; run through test/e2e/run.sh');
  return { pgidFile: path.join(dir, 'sim.pgid'), log: path.join(dir, 'sim.log'), port };
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Kills the sim's process group and waits until its port refuses connections. */
export async function stopSim(): Promise<void> {
  const { pgidFile, port } = simPaths();
  const pgid = Number(fs.readFileSync(pgidFile, 'utf8').trim());
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    // already gone
  }
  await until(`ollama-sim on port ${port} to stop`, async () => !(await portAccepts(port)));
}

/** Starts the sim again on the same port (so lore.ollamaHost stays valid), with run.sh's flags plus `extraArgs`. */
export async function startSim(env: HarnessEnv, extraArgs: string[] = []): Promise<void> {
  const { pgidFile, log, port } = simPaths();
  const baseArgs = (process.env.LORE_E2E_SIM_ARGS ?? '').split(/\s+/).filter(Boolean);
  const out = fs.openSync(log, 'a');
  const child = spawn(
    path.join(env.extensionPath, 'node_modules/.bin/tsx'),
    [path.join(env.extensionPath, 'test/support/ollamaSim/main.ts'), '--port', String(port), ...baseArgs, ...extraArgs],
    { detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  fs.writeFileSync(pgidFile, `${child.pid}\n`);
  child.unref();
  await until(`ollama-sim to listen on port ${port}`, () => portAccepts(port), 30_000);
}
