import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine a table was measured on; load average is taken when the benchmark starts. */
export interface MachineInfo {
  nproc: number;
  cpu: string;
  memGiB: number;
  node: string;
  loadAtStart: string;
}

function nproc(): number {
  // `nproc` honours the CPU affinity mask; availableParallelism does the same in Node 20.
  return os.availableParallelism();
}

function cpuModel(): string {
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux: fall through
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

export function machineInfo(): MachineInfo {
  return {
    nproc: nproc(),
    cpu: cpuModel(),
    memGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    loadAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

/** Taken when the benchmark process starts (this module loads first). */
const AT_START = machineInfo();

export function describeMachine(m: MachineInfo = AT_START): string {
  return `machine: nproc ${m.nproc}, ${m.cpu}, ${m.memGiB.toFixed(1)} GiB RAM, Node ${m.node}, load average at start ${m.loadAtStart}`;
}
