import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');
/** LORE_FAULT_CLI: run the suites against another build (e.g. an older commit's, to see a test fail before its fix). */
export const CLI = process.env.LORE_FAULT_CLI ? resolve(process.env.LORE_FAULT_CLI) : join(REPO, 'dist/cli.js');

/** The suites run the shipped bundle: `npm run test:faults` builds it first. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm run test:faults does)`);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment without the developer's Ollama/index settings, so only the flags given count. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['OLLAMA_HOST', 'LORE_INDEX_DIR', 'LORE_EMBED_MODEL', 'LORE_CHAT_MODEL', 'LORE_DEBUG']) delete env[k];
  return { ...env, ...extra };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects output and resolves on exit; SIGKILLs the child when it outlives `timeoutMs`. */
export function finished(child: ChildProcess, timeoutMs = 60_000): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => {
    const timer = setTimeout(() => {
      stderr += `\n[fault suite: killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // 'exit' can come before the pipes are drained.
      setImmediate(() => res({ code, signal, stdout, stderr }));
    });
  });
}

export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return finished(spawnCli(args, opts.env), opts.timeoutMs);
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), `lore-faults-${prefix}-`));
}

/** Rejects when `p` takes longer than `ms`: no await in these suites may hang forever. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}
