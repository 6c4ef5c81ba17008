import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Embedder } from '../../src/indexer/embedder';
import { OllamaClient } from '../../src/ollama';

export const EMBED_MODEL = 'nomic-embed-text';
export const DIMS = 768;
const ROOT = join(__dirname, '..', '..');

export interface RunningSim {
  url: string;
  latencyMs: number;
  /** User + system CPU the sim process has used so far (ms), from /proc; undefined where there is none. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** CPU time of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function procCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may hold spaces
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * ollama-sim in its own process (as Ollama would be), `hash` embedder, 768 dims like
 * nomic-embed-text. `latencyMs` is a simulated cost per embedded text, not a measured model speed.
 */
export async function startSim(latencyMs = 0): Promise<RunningSim> {
  const args = ['--import', 'tsx', join(ROOT, 'test/support/ollamaSim/main.ts'), '--port', '0', '--embedder', 'hash', '--dims', String(DIMS), '--embed-latency-ms', String(latencyMs)];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`ollama-sim exited with ${code}: ${out}`)));
  });
  return {
    url,
    latencyMs,
    cpuMs: () => procCpuMs(child.pid),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** The embedder the extension builds by default (batch 32, one request in flight). */
export function simEmbedder(sim: RunningSim): Embedder {
  return new Embedder(new OllamaClient({ host: sim.url }), { model: EMBED_MODEL });
}
