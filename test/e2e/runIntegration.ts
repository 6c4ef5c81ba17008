// Runs the mocha integration suite (out/test/index.js) inside the real extension host of the VS Code web
// workbench: the page calls window.codeAutomationLog for the suite's output and window.codeAutomationExit(code)
// when it ends. Relays the log, prints "integration: N passed, N failed, N skipped" and exits with the code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './lib/browser';
import { countsLine, harnessEnv } from './lib/env';
import { workbenchUrl } from './lib/workbench';

const COUNTS = /^integration: (\d+) passed, (\d+) failed, (\d+) skipped$/m;

async function main(): Promise<number> {
  const env = harnessEnv();
  const testsPath = path.join(env.extensionPath, 'out/test/index.js');
  if (!fs.existsSync(testsPath)) throw new Error(`${testsPath} is missing: run npm run build first`);

  const browser = await launchChromium();
  let log = '';
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        const line = format(...(args ?? []));
        log += line + '\n';
        console.log(line);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.goto(workbenchUrl(env, { testsPath }));
    const code = await withTimeout(exit, env.timeoutMs);
    console.log(`extension tests exit code: ${code}`);
    const m = COUNTS.exec(log);
    // No counts line means the suite never ran (extension host crash, bundle error): report that as one failure.
    const [passed, failed, skipped] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 1, 0];
    const reported = code !== 0 && failed === 0 ? 1 : failed;
    writeCounts(passed, reported, skipped);
    console.log(countsLine('integration', passed, reported, skipped));
    return code === 0 && reported === 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`integration suite did not finish within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
  });
}

/** run.sh totals the phases from these files. */
function writeCounts(passed: number, failed: number, skipped: number): void {
  const file = process.env.LORE_E2E_COUNTS_FILE;
  if (file) fs.writeFileSync(file, `${passed} ${failed} ${skipped}\n`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    writeCounts(0, 1, 0);
    console.log(countsLine('integration', 0, 1, 0));
    process.exit(2);
  },
);
