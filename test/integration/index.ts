// Entry point VS Code loads from `extensionTestsPath` (bundled by esbuild.mjs to out/test/index.js, mocha external):
// runs the integration suites inside the real extension host. Works for the web harness (test/e2e/run.sh) and
// for desktop VS Code through @vscode/test-electron (runElectron.ts).
import Mocha from 'mocha';

/**
 * Suites, loaded lazily so that mocha's `suite`/`test` globals exist before their bodies run (esbuild bundles
 * everything into one file, so there are no test files for mocha to require). Add new suites here.
 */
const SUITES: ReadonlyArray<readonly [name: string, load: () => Promise<unknown>]> = [
  ['smoke.test.ts', () => import('./smoke.test')],
  ['commands.test.ts', () => import('./commands.test')],
  ['indexing.test.ts', () => import('./indexing.test')],
  ['ask.test.ts', () => import('./ask.test')],
  ['chatHistory.test.ts', () => import('./chatHistory.test')],
  ['editorBoost.test.ts', () => import('./editorBoost.test')],
  ['liveUpdate.test.ts', () => import('./liveUpdate.test')],
  ['settings.test.ts', () => import('./settings.test')],
  ['ollama.test.ts', () => import('./ollama.test')],
  ['documents.test.ts', () => import('./documents.test')],
  ['assistants.test.ts', () => import('./assistants.test')],
  ['l10n.test.ts', () => import('./l10n.test')],
  ['embedderNotice.test.ts', () => import('./embedderNotice.test')],
  ['reindex.test.ts', () => import('./reindex.test')],
];

export interface IntegrationCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** One line the harness parses; also a closing line CI understands ("N passed, N failed"). */
export function formatCounts({ passed, failed, skipped }: IntegrationCounts): string {
  return `integration: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.LORE_IT_TIMEOUT_MS ?? 60_000),
    // LORE_IT_GREP narrows the run (e.g. to one failing test); the harness passes it through the server's env.
    ...(process.env.LORE_IT_GREP ? { grep: process.env.LORE_IT_GREP } : {}),
  });
  for (const [name, load] of SUITES) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    await load();
    mocha.suite.emit('post-require', globalThis, name, mocha);
  }

  const counts = await new Promise<IntegrationCounts>((resolve) => {
    const runner = mocha.run(() => {
      const stats = runner.stats;
      resolve({ passed: stats?.passes ?? 0, failed: stats?.failures ?? 0, skipped: stats?.pending ?? 0 });
    });
  });
  console.log(formatCounts(counts));
  if (counts.failed > 0) throw new Error(`${counts.failed} integration test(s) failed`);
  // A run that executed nothing (a typo in LORE_IT_GREP, a suite that failed to register) is not a pass.
  if (counts.passed === 0) throw new Error('no integration test passed (none ran?)');
}
