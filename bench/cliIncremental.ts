import { execFileSync, spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startSim } from './lib/sim';
import { formatNumber, ms, percentile, verdict, type Table } from './lib/table';

const ROOT = join(__dirname, '..');
const REPS = 5;
const TARGET_RATIO = 0.05;
/** A real file of the corpus, edited by every incremental run (any indexed source file would do). */
const EDITED = 'lodash@4.17.21/chunk.js';

/** Wall time of a whole `lore index` process and the CPU time it used (all threads). */
interface Timed {
  ms: number;
  cpuMs: number;
}

export interface CliIncremental {
  files: number;
  full: Timed;
  /** One edited file, whole `lore index` process. */
  edited: Timed[];
  /** Nothing changed since the last pass. */
  unchanged: Timed[];
  /** One file touched (mtime changed, same content). */
  touched: Timed[];
  /** What the edited runs reported, to check they re-indexed exactly one file. */
  updatedPerEdit: number[];
}

interface CliReport {
  filesIndexed: number;
  filesUnchanged: number;
}

/** `node <cli> index <folder>` as a user runs it: wall time of the whole process, its JSON report. */
function runIndex(cli: string, folder: string, indexDir: string, host: string): Promise<Timed & { report: CliReport }> {
  const cpuFile = join(indexDir, '..', 'cpu.txt');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const args = ['--require', join(__dirname, 'cpuOnExit.cjs'), cli, 'index', folder, '--index-dir', indexDir, '--ollama', host, '--json'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LORE_BENCH_CPU_FILE: cpuFile } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const elapsed = performance.now() - t0;
      if (code !== 0) return reject(new Error(`lore index exited with ${code}: ${err.slice(-2000)}`));
      resolve({ ms: elapsed, cpuMs: Number(readFileSync(cpuFile, 'utf8')), report: JSON.parse(out) as CliReport });
    });
  });
}

/**
 * Issue 21 item 3: a full `lore index` of the corpus (copied to a temp folder), then `lore index`
 * again after editing one file, after touching one, and with nothing changed; each the whole
 * process's wall time. The CLI is built from this checkout into a temp directory (dist/ untouched);
 * LORE_BENCH_CLI=path/to/cli.js times another build instead (e.g. one of an older commit, for a
 * before/after comparison under the same load).
 */
export async function measureCliIncremental(corpus: string, log: (m: string) => void = () => undefined): Promise<CliIncremental & { cli: string }> {
  const work = await fs.mkdtemp(join(os.tmpdir(), 'lore-bench-cli-'));
  const folder = join(work, 'corpus');
  const indexDir = join(work, 'index');
  const out = join(work, 'dist');
  const sim = await startSim(0);
  try {
    const other = process.env.LORE_BENCH_CLI;
    if (!other) execFileSync(process.execPath, ['esbuild.mjs', `--outdir=${out}`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    await fs.cp(corpus, folder, { recursive: true });
    const cli = other ?? join(out, 'cli.js');
    log('cli incremental: full index');
    const full = await runIndex(cli, folder, indexDir, sim.url);
    const result: CliIncremental & { cli: string } = { cli: other ?? 'built from this checkout', files: full.report.filesIndexed, full, edited: [], unchanged: [], touched: [], updatedPerEdit: [] };
    const edited = join(folder, EDITED);
    const original = await fs.readFile(edited, 'utf8');
    for (let rep = 0; rep < REPS; rep++) {
      log(`cli incremental: run ${rep + 1}/${REPS}`);
      await fs.writeFile(edited, `${original}\n// lore bench edit ${rep} ${Date.now()}\n`);
      const e = await runIndex(cli, folder, indexDir, sim.url);
      result.edited.push(e);
      result.updatedPerEdit.push(e.report.filesIndexed);
      result.unchanged.push(await runIndex(cli, folder, indexDir, sim.url));
      const later = new Date(Date.now() + 1000 * (rep + 1));
      await fs.utimes(edited, later, later);
      result.touched.push(await runIndex(cli, folder, indexDir, sim.url));
    }
    return result;
  } finally {
    await sim.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

const p50 = (runs: Timed[], key: keyof Timed): number => percentile(runs.map((r) => r[key]), 0.5);
const both = (runs: Timed[]): string => `${ms(p50(runs, 'ms'))} (cpu ${ms(p50(runs, 'cpuMs'))})`;

export function cliIncrementalTable(r: CliIncremental & { cli: string }, corpusNote: string): Table {
  const ratio = p50(r.edited, 'ms') / r.full.ms;
  return {
    title: 'Table 7 - `lore index` again after one edited file (whole CLI process, as a user sees it)',
    notes: [
      `${corpusNote}; ${formatNumber(r.files)} files indexed, copied to a temp folder`,
      `full = the first \`lore index\` into an empty index directory; then ${REPS} rounds of: append a line to ${EDITED} and run \`lore index\`, run it again with nothing changed, touch the file (new mtime, same text) and run it again; p50 of each`,
      'wall time of the whole process (node start to exit), and in brackets the CPU time it used (user + system, all threads), which load on a shared machine changes less',
      `ollama-sim \`hash\`, 768 dims, zero latency, in its own process; the CLI: ${r.cli}`,
    ],
    columns: ['full index', 'one file edited p50', 'files re-indexed', 'nothing changed p50', 'one file touched p50', 'edited / full', 'target'],
    rows: [[
      `${ms(r.full.ms)} (cpu ${ms(r.full.cpuMs)})`,
      both(r.edited),
      r.updatedPerEdit.join(','),
      both(r.unchanged),
      both(r.touched),
      ratio.toFixed(3),
      `<= ${TARGET_RATIO}: ${verdict(ratio, TARGET_RATIO)}`,
    ]],
  };
}
