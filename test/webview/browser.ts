/**
 * Shared set-up of the browser tests: one harness server and one headless Chromium, a page per
 * test with the theme VS Code would set, and helpers to play host messages and read what the
 * panel posted.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/protocol';
import { startServer, type HarnessServer } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUT = 'test-results/webview';
export const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

export interface Session {
  server: HarnessServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startSession(): Promise<Session> {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return { server, browser, close: async () => { await browser.close(); await server.close(); } };
}

export interface Harness {
  page: Page;
  errors: string[];
}

export async function openPanel(s: Session, theme = 'dark', size = { width: 420, height: 900 }): Promise<Harness> {
  const context = await s.browser.newContext({ viewport: size, deviceScaleFactor: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.origin });
  const page = await context.newPage();
  // tsx's keepNames wraps functions defined in page code with `__name`; give the page a no-op one
  // (init scripts run through DevTools, outside the page's CSP).
  await page.addInitScript('window.__name = (f) => f;');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${s.server.origin}/?theme=${theme}`);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  return { page, errors };
}

/** Posts host messages in one burst and waits two frames for the panel to render them. */
export async function send(page: Page, messages: HostMessage[]): Promise<void> {
  await page.evaluate((msgs) => msgs.forEach((m) => window.postMessage(m, '*')), messages);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(50);
}

export const postedBy = (page: Page) => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
export const lastPost = async (page: Page) => (await postedBy(page)).at(-1);
