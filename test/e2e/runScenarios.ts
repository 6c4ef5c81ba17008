// Runs the browser scenarios (test/e2e/scenarios) against the workbench that test/e2e/run.sh serves: a fresh
// browser context per scenario, a screenshot each (test-results/e2e/<name>.png), a per-scenario timeout.
import * as fs from 'node:fs';
import { launchChromium } from './lib/browser';
import { countsLine, harnessEnv } from './lib/env';
import { Workbench } from './lib/workbench';
import { SCENARIOS } from './scenarios';

const SCENARIO_TIMEOUT_MS = Number(process.env.LORE_E2E_SCENARIO_TIMEOUT_MS ?? 120_000);

function skipReason(needsSim: boolean, simRunning: boolean): string | undefined {
  if (needsSim && !simRunning) return 'needs ollama-sim (test/support/ollamaSim/main.ts absent)';
  return undefined;
}

function timeout(ms: number, name: string): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} timed out after ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function main(): Promise<number> {
  const env = harnessEnv();
  const only = process.env.LORE_E2E_ONLY;
  const browser = await launchChromium();
  let [passed, failed, skipped] = [0, 0, 0];
  try {
    for (const scenario of SCENARIOS) {
      if (only && !only.split(',').includes(scenario.name)) continue;
      const reason = skipReason(scenario.needsSim, env.simRunning);
      if (reason) {
        console.log(`SKIP ${scenario.name}: ${reason}`);
        skipped++;
        continue;
      }
      const t0 = Date.now();
      let workbench: Workbench | undefined;
      const limit = timeout(SCENARIO_TIMEOUT_MS, scenario.name);
      try {
        workbench = await Workbench.open(browser, env);
        await Promise.race([scenario.run(workbench), limit.promise]);
        const shot = await workbench.screenshot(scenario.name);
        console.log(`PASS ${scenario.name} (${((Date.now() - t0) / 1000).toFixed(1)}s) ${shot}`);
        passed++;
      } catch (err) {
        const shot = await workbench?.screenshot(`${scenario.name}-failed`).catch(() => undefined);
        console.log(`FAIL ${scenario.name} (${((Date.now() - t0) / 1000).toFixed(1)}s)${shot ? ` ${shot}` : ''}`);
        console.log(`  ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        failed++;
      } finally {
        limit.cancel();
        await workbench?.close();
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  const file = process.env.LORE_E2E_COUNTS_FILE;
  if (file) fs.writeFileSync(file, `${passed} ${failed} ${skipped}\n`);
  console.log(countsLine('scenarios', passed, failed, skipped));
  return failed > 0 || passed + skipped === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log(countsLine('scenarios', 0, 1, 0));
    process.exit(2);
  },
);
