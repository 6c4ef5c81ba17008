import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';

/**
 * Small file systems for disk-full and read-only tests. Needs root (and a kernel that lets this
 * container mount); `canMount()` says whether it works here, so suites can skip with a message.
 */
function run(args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
}

let probe: string | undefined | null = null;

/** undefined when mounting works, else why not. */
export async function cannotMount(scratch: string): Promise<string | undefined> {
  if (probe !== null) return probe;
  if (process.platform !== 'linux') return (probe = 'mount tests need Linux');
  if (process.getuid?.() !== 0) return (probe = 'mount tests need root');
  await fs.mkdir(scratch, { recursive: true });
  const m = run(['mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', scratch]);
  if (!m.ok) return (probe = `cannot mount a tmpfs here: ${m.err}`);
  run(['umount', scratch]);
  return (probe = undefined);
}

export async function mountTmpfs(dir: string, bytes: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const m = run(['mount', '-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  if (!m.ok) throw new Error(`mount tmpfs on ${dir}: ${m.err}`);
}

export function resizeTmpfs(dir: string, bytes: number): void {
  const m = run(['mount', '-o', `remount,size=${bytes}`, dir]);
  if (!m.ok) throw new Error(`remount ${dir}: ${m.err}`);
}

/** `target` shows `source` read-only (a bind mount remounted ro: root's writes fail too). */
export async function bindReadOnly(source: string, target: string): Promise<void> {
  await fs.mkdir(target, { recursive: true });
  let m = run(['mount', '--bind', source, target]);
  if (!m.ok) throw new Error(`bind mount: ${m.err}`);
  m = run(['mount', '-o', 'remount,bind,ro', target]);
  if (!m.ok) {
    run(['umount', target]);
    throw new Error(`remount read-only: ${m.err}`);
  }
}

export function unmount(dir: string): void {
  // Lazy: a process we killed may still hold a file open there for a moment.
  run(['umount', '-l', dir]);
}
