// Browser check of the INSTALLED VSIX (test/e2e/vsix.sh): the workbench is opened without
// extensionDevelopmentPath, so the only Lore that can answer is the one installed from lore.vsix.
// Checks: the chat answers with a citation of src/auth/login.ts; the bundled setup guide opens.
import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from './lib/browser';
import { countsLine, harnessEnv, type HarnessEnv } from './lib/env';
import { LoreView } from './lib/loreView';
import { expect } from './lib/scenario';
import { Workbench } from './lib/workbench';

/**
 * Workbench.open always loads the development copy (extensionDevelopmentPath); here that would
 * shadow the installed extension. So open the page ourselves and wrap it in the same helper.
 */
async function openInstalledWorkbench(browser: Browser, env: HarnessEnv): Promise<Workbench> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  const payload = encodeURIComponent(JSON.stringify([['skipWelcome', 'true']]));
  await page.goto(`${env.origin}/?folder=${encodeURIComponent(env.workspace)}&payload=${payload}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The constructor is private only to steer scenarios to Workbench.open; its fields are all we pass.
  return Reflect.construct(Workbench, [context, page, env]) as Workbench;
}

async function check(wb: Workbench): Promise<void> {
  await wb.waitForWorkspace();
  const lore = await LoreView.open(wb);
  await lore.waitForIndexReady(90_000);
  await lore.ask('How does handleLogin lock an account after failed attempts?');
  const state = await lore.waitForAnswer(['done', 'error', 'stopped'], 90_000);
  expect(state === 'done', `answer ended as ${state}: ${await lore.errorText()}`);
  const citations = await lore.citations();
  expect(citations.some((c) => c.path === 'src/auth/login.ts'), `no citation of src/auth/login.ts: ${JSON.stringify(citations)}`);
  console.log(`vsix: cited ${citations.map((c) => `[${c.n}] ${c.path}:${c.startLine}-${c.endLine}`).join(', ')}`);

  // The walkthrough's steps ticked themselves off: Ollama reached, models present, index ready, a question asked.
  await wb.runCommand('Lore: Open Walkthrough');
  const steps = ['ollama', 'models', 'index', 'ask'];
  const deadline = Date.now() + 20_000;
  for (;;) {
    const checked = await wb.page.evaluate((ids) => ids.map((id) =>
      document.querySelector(`.getting-started-step[data-step-id$="#${id}"]`)?.getAttribute('aria-checked') ?? 'absent'), steps);
    if (checked.every((c) => c === 'true')) break;
    expect(Date.now() < deadline, `walkthrough steps ${steps.join(', ')} are ${checked.join(', ')} (expected all true)`);
    await wb.page.waitForTimeout(250);
  }
  await wb.screenshot('vsix-walkthrough');

  // media/SETUP.md is inside the VSIX and opens in the Markdown preview (works offline).
  await wb.runCommand('Lore: Open Setup Guide');
  await wb.page.locator('.tabs-container .tab', { hasText: 'SETUP.md' }).first().waitFor({ timeout: 20_000 });
  await wb.findFrame({ text: 'Pull the two models' }, 20_000);
}

async function main(): Promise<number> {
  const env = harnessEnv();
  const browser = await launchChromium();
  let wb: Workbench | undefined;
  let ok = false;
  const t0 = Date.now();
  try {
    wb = await openInstalledWorkbench(browser, env);
    await check(wb);
    console.log(`PASS vsix-ask (${((Date.now() - t0) / 1000).toFixed(1)}s) ${await wb.screenshot('vsix-ask')}`);
    ok = true;
  } catch (err) {
    const shot = await wb?.screenshot('vsix-ask-failed').catch(() => undefined);
    console.log(`FAIL vsix-ask (${((Date.now() - t0) / 1000).toFixed(1)}s)${shot ? ` ${shot}` : ''}`);
    console.log(`  ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await wb?.close();
    await browser.close().catch(() => undefined);
  }
  const file = process.env.LORE_E2E_COUNTS_FILE;
  if (file) fs.writeFileSync(file, ok ? '1 0 0\n' : '0 1 0\n');
  console.log(countsLine('vsix check', ok ? 1 : 0, ok ? 0 : 1, 0));
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
