import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { mb, ms, percentile, verdict, type Table } from './lib/table';

const ROOT = join(__dirname, '..');
const RUNS = 7;

export interface ExtensionCost {
  bundles: { name: string; bytes: number }[];
  wasmBytes: number;
  wasmFiles: number;
  requireMs: number[];
  activateMs: number[];
  /** CPU time of the same steps (the probe is single-threaded): robust to a busy machine. */
  requireCpuMs: number[];
  activateCpuMs: number[];
  requiresDuringActivate: number;
}

function size(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** Build minified into a temp dir with esbuild.mjs, then time loading + activate() in fresh Node processes. */
export function measureExtension(): ExtensionCost {
  const out = mkdtempSync(join(os.tmpdir(), 'lore-bench-dist-'));
  try {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--minify', `--outdir=${out}`], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    const js = readdirSync(out).filter((f) => f.endsWith('.js'));
    const bundles = js.map((name) => ({ name, bytes: size(join(out, name)) }));
    const wasm = [join(out, 'web-tree-sitter.wasm'), ...readdirSync(join(out, 'grammars')).map((f) => join(out, 'grammars', f))];
    const requireMs: number[] = [];
    const activateMs: number[] = [];
    const requireCpuMs: number[] = [];
    const activateCpuMs: number[] = [];
    let requiresDuringActivate = 0;
    // The probe resolves package.json two levels up from the bundle, as in the installed extension.
    const probeDir = mkdtempSync(join(os.tmpdir(), 'lore-bench-ext-'));
    try {
      spawnSync('cp', ['-r', out, join(probeDir, 'dist')]);
      spawnSync('cp', [join(ROOT, 'package.json'), probeDir]);
      for (let i = 0; i < RUNS; i++) {
        const r = spawnSync(process.execPath, [join(__dirname, 'activateProbe.cjs'), join(probeDir, 'dist', 'extension.js')], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`activate probe failed: ${r.stderr}`);
        const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { requireMs: number; activateMs: number; requireCpuMs: number; activateCpuMs: number; requiresDuringActivate: number };
        requireMs.push(j.requireMs);
        activateMs.push(j.activateMs);
        requireCpuMs.push(j.requireCpuMs);
        activateCpuMs.push(j.activateCpuMs);
        requiresDuringActivate = Math.max(requiresDuringActivate, j.requiresDuringActivate);
      }
    } finally {
      rmSync(probeDir, { recursive: true, force: true });
    }
    return { bundles, wasmBytes: wasm.reduce((n, f) => n + size(f), 0), wasmFiles: wasm.length, requireMs, activateMs, requireCpuMs, activateCpuMs, requiresDuringActivate };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function extensionTable(r: ExtensionCost, note: string): Table {
  const ext = r.bundles.find((b) => b.name === 'extension.js')?.bytes ?? 0;
  const loadedAtActivation = r.bundles.filter((b) => b.name === 'extension.js');
  const p50 = (xs: number[]): number => percentile(xs, 0.5);
  const total = r.requireMs.map((x, i) => x + r.activateMs[i]);
  const totalCpu = r.requireCpuMs.map((x, i) => x + r.activateCpuMs[i]);
  return {
    title: 'Table 6 - extension cost: bundle sizes and activation',
    notes: [
      note,
      `\`node esbuild.mjs --minify\` into a temp dir; activation: ${RUNS} fresh plain-Node processes load dist/extension.js with a minimal fake \`vscode\` module (bench/activateProbe.cjs) and call activate() with a trusted workspace; the index loads after activate() returns (${r.requiresDuringActivate} modules required during activate())`,
    ],
    columns: ['item', 'size / wall time', 'CPU time', 'target'],
    rows: [
      ...r.bundles.map((b) => [`${b.name} (minified)`, mb(b.bytes), '-', b.name === 'extension.js' ? `<= 2 MB: ${verdict(ext, 2 * 2 ** 20)}` : '-']),
      [`wasm shipped (${r.wasmFiles} files: web-tree-sitter + grammars)`, mb(r.wasmBytes), '-', '-'],
      [`load ${loadedAtActivation.map((b) => b.name).join(' + ')} (require) p50`, ms(p50(r.requireMs)), ms(p50(r.requireCpuMs)), '-'],
      ['activate() until it returns, p50', ms(p50(r.activateMs)), ms(p50(r.activateCpuMs)), `<= 50 ms: ${verdict(p50(r.activateMs), 50)}`],
      ['require + activate() p50 (what the host waits for)', ms(p50(total)), ms(p50(totalCpu)), `<= 50 ms: wall ${verdict(p50(total), 50)}, CPU ${verdict(p50(totalCpu), 50)}`],
    ],
  };
}
