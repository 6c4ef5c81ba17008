// Playwright helpers over the real VS Code web workbench served by test/e2e/run.sh. They use only what a person
// sees (activity bar, quick input, tabs, status bar), so they keep working as Lore's own UI changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { HarnessEnv } from './env';

export interface OpenOptions {
  /** Bundled mocha entry (out/test/index.js): VS Code runs it in the extension host, then calls codeAutomationExit. */
  testsPath?: string;
}

export interface EditorState {
  /** File name of the active editor tab, e.g. "login.ts". */
  file?: string;
  /** Workspace-relative path of the active editor (from the breadcrumbs), e.g. "src/auth/login.ts". */
  relativePath?: string;
  /** 1-based cursor line and column from the status bar. */
  line?: number;
  column?: number;
}

/** `vscode-remote://` URI of a server-side path: how the web workbench addresses files on the server. */
export function remoteUri(origin: string, fsPath: string): string {
  return `vscode-remote://${new URL(origin).host}${path.resolve(fsPath)}`;
}

export function workbenchUrl(env: HarnessEnv, opts: OpenOptions = {}): string {
  const payload: Array<[string, string]> = [
    ['extensionDevelopmentPath', remoteUri(env.origin, env.extensionPath)],
    ['skipWelcome', 'true'],
  ];
  if (opts.testsPath) payload.push(['extensionTestsPath', remoteUri(env.origin, opts.testsPath)]);
  return `${env.origin}/?folder=${encodeURIComponent(env.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly env: HarnessEnv,
  ) {}

  /** A fresh browser context (empty IndexedDB, so no editors restored from another scenario) on the workbench. */
  static async open(browser: Browser, env: HarnessEnv, opts: OpenOptions = {}): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    await page.goto(workbenchUrl(env, opts));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    return new Workbench(context, page, env);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }

  /** Waits until the remote extension host is up: the status bar shows the remote indicator and the explorer has files. */
  async waitForWorkspace(): Promise<void> {
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Runs a command by its palette title (e.g. "Lore: New Chat"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // Click the matching row: Enter would run the first row, which fuzzy matching may rank above it
    // ("Preferences: Browse Color Themes in Marketplace" comes before "Preferences: Color Theme").
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await row.click();
  }

  /**
   * Switches the colour theme through "Preferences: Color Theme" (e.g. "Light Modern", "Dark Modern") and waits
   * until the workbench has applied it.
   */
  async setColorTheme(label: string, kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    const input = this.page.locator('.quick-input-widget input');
    await this.page.locator('.quick-input-widget input[placeholder*="Color Theme"]').waitFor({ timeout: 10_000 });
    await input.fill(label);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor();
    await row.click();
    await this.page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 10_000 });
    // Webviews get the new theme variables a moment later.
    await this.page.waitForTimeout(500);
  }

  /** Drags the side bar's sash so the side bar is `width` px wide (screenshots of the Lore panel). */
  async setSideBarWidth(width: number): Promise<void> {
    const bar = await this.page.locator('.part.sidebar').boundingBox();
    if (!bar) throw new Error('no side bar on screen');
    const right = bar.x + bar.width;
    for (const sash of await this.page.locator('.monaco-sash.vertical').all()) {
      const box = await sash.boundingBox();
      if (!box || Math.abs(box.x + box.width / 2 - right) > 6 || box.height < bar.height / 2) continue;
      const y = box.y + box.height / 2;
      await this.page.mouse.move(box.x + box.width / 2, y);
      await this.page.mouse.down();
      await this.page.mouse.move(bar.x + width, y, { steps: 8 });
      await this.page.mouse.up();
      await this.page.waitForTimeout(300);
      return;
    }
    throw new Error('no sash found at the side bar edge');
  }

  /** The workbench's theme kind (`vs`, `vs-dark`, `hc-black`, `hc-light`). */
  async themeKind(): Promise<string> {
    const cls = (await this.page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
    return ['hc-light', 'hc-black', 'vs-dark', 'vs'].find((k) => cls.split(/\s+/).includes(k)) ?? 'unknown';
  }

  /** Parks the mouse over the empty editor area so no hover or tooltip covers a screenshot. */
  async parkMouse(): Promise<void> {
    await this.page.mouse.move(900, 700);
    await this.page.waitForTimeout(300);
  }

  /** Opens a workspace file through Quick Open and waits for its tab to be active. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await input.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: path.basename(relativePath) }).waitFor();
  }

  /** Moves the cursor of the active editor to `line` (Go to Line). */
  async goToLine(line: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`:${line}`);
      // Enter before the picker has parsed the number does nothing: wait for its "line N" item/message.
      await this.page.locator('.quick-input-widget', { hasText: new RegExp(`line ${line}\\b`, 'i') }).waitFor({ timeout: 5_000 })
        .catch(() => undefined);
      await input.press('Enter');
      try {
        return await this.waitForEditorLine(line, 5_000);
      } catch (err) {
        if (attempt >= 3) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  async waitForEditorLine(line: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.editorState()).line !== line) {
      if (Date.now() > deadline) throw new Error(`cursor never reached line ${line}: ${JSON.stringify(await this.editorState())}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Opens a view container by its activity bar label (e.g. "Lore", "Explorer"). */
  async openView(label: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item [aria-label^="${label}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    // Clicking the active container collapses the side bar; only click when it is not already shown.
    const checked = await item.getAttribute('aria-checked');
    const expanded = await item.getAttribute('aria-expanded');
    if (checked !== 'true' && expanded !== 'true') await item.click();
  }

  /** Polls every frame (webviews are nested iframes) for one whose body contains `text` or matches `selector`. */
  async findFrame(match: { text?: string; selector?: string }, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const hit = await frame
          .evaluate(({ text, selector }) => {
            if (!document.body) return false;
            if (selector && !document.querySelector(selector)) return false;
            return !text || document.body.innerText.includes(text);
          }, match)
          .catch(() => false);
        if (hit) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview frame matching ${JSON.stringify(match)} within ${timeoutMs} ms`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Active editor and cursor as the workbench shows them (tab, breadcrumbs, "Ln X, Col Y" status item). */
  async editorState(): Promise<EditorState> {
    return this.page.evaluate(() => {
      const state: { file?: string; relativePath?: string; line?: number; column?: number } = {};
      // The tab label shows "login" and ".ts" in separate elements; data-resource-name holds the whole name.
      const tab = document.querySelector('.editor-group-container.active .tabs-container .tab.active');
      state.file = tab?.getAttribute('data-resource-name') ?? undefined;
      const crumbs = [...document.querySelectorAll('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item')]
        .map((e) => (e as HTMLElement).innerText.trim())
        .filter(Boolean);
      const fileCrumb = crumbs.indexOf(state.file ?? '');
      if (fileCrumb >= 0) state.relativePath = crumbs.slice(0, fileCrumb + 1).join('/');
      const selection = document.getElementById('status.editor.selection')?.textContent ?? '';
      const m = /Ln (\d+), Col (\d+)/.exec(selection);
      if (m) [state.line, state.column] = [Number(m[1]), Number(m[2])];
      return state;
    });
  }

  /** Texts of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** Saves a screenshot (full page, or `clip`) to test-results/e2e/<name>.png and returns its path. */
  async screenshot(name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<string> {
    fs.mkdirSync(this.env.resultsDir, { recursive: true });
    const file = path.join(this.env.resultsDir, `${name}.png`);
    await this.page.screenshot({ path: file, clip });
    return file;
  }
}
