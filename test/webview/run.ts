/**
 * Browser test of the chat webview: loads the real bundle under the real CSP in headless Debian
 * Chromium (playwright-core), plays a scripted conversation with hostile model output, checks
 * safety and interaction, and saves light/dark/high-contrast screenshots to test-results/webview.
 * Run with `npm run test:webview` (builds first).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WebviewMessage } from '../../src/protocol';
import { SOURCES, firstTurnStreaming, fullConversation, initMessage, restOfConversation, type Step } from './conversation';
import { startServer, type HarnessServer } from './server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = 'test-results/webview';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

let server: HarnessServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  mkdirSync(OUT, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Harness {
  page: Page;
  errors: string[];
}

async function open(theme = 'dark', size = { width: 420, height: 900 }): Promise<Harness> {
  const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server.origin}/?theme=${theme}`);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  return { page, errors };
}

async function play(page: Page, steps: Step[]): Promise<void> {
  // All at once: the panel must coalesce a burst of deltas into one render per frame.
  await page.evaluate((msgs) => msgs.forEach((m) => window.postMessage(m, '*')), steps.map((s) => s.message));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
const lastPosted = async (page: Page) => (await posted(page)).at(-1);

test('chat view: streaming, safety, interaction, state restore', { skip }, async () => {
  const { page, errors } = await open();
  assert.deepEqual(await posted(page), [{ type: 'ready' }]);

  await play(page, [{ message: initMessage() }]);
  assert.match(await page.locator('.lore-index').innerText(), /Indexing 120\/900 files \(13%\) — answers may be incomplete/);

  // -- streaming turn ------------------------------------------------------------------------------
  await play(page, firstTurnStreaming());
  const send = page.locator('.lore-send');
  assert.equal(await send.getAttribute('aria-label'), 'Stop generating');
  assert.equal(await page.locator('.lore-answer').first().getAttribute('aria-busy'), 'true');
  const thinking = page.locator('vscode-collapsible.lore-thinking');
  assert.equal(await thinking.count(), 1);
  assert.equal(await thinking.evaluate((el) => (el as HTMLElement & { open: boolean }).open), false, 'thinking starts collapsed');
  assert.equal(await thinking.locator('.lore-thinking-text').isVisible(), false);
  await page.screenshot({ path: `${OUT}/streaming-dark.png` });
  await send.click();
  assert.deepEqual(await lastPosted(page), { type: 'stop' });
  await thinking.locator('.lore-thinking-text').evaluate((el) => el.closest('.lore-turn')?.scrollIntoView());
  await thinking.click({ position: { x: 40, y: 10 } });
  assert.equal(await thinking.locator('.lore-thinking-text').isVisible(), true, 'thinking opens on click');
  await page.screenshot({ path: `${OUT}/thinking-open-dark.png` });

  await play(page, restOfConversation());
  assert.equal(await send.getAttribute('aria-label'), 'Send question');

  // -- hostile output ------------------------------------------------------------------------------
  const answer = page.locator('.lore-turn[data-turn-id="t1"] .lore-answer');
  const answerText = await answer.innerText();
  for (const literal of ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>', '[click](javascript:window.__xss=1)', '<a href="javascript:window.__xss=1">']) {
    assert.ok(answerText.includes(literal), `hostile markup shown as text: ${literal}`);
  }
  for (const el of await page.locator('.lore-link, .lore-link-text').all()) await el.click();
  await page.waitForTimeout(100);
  const audit = await page.evaluate(() => {
    // An explicit stack, not a named helper: tsx's keepNames would inject `__name`, which does not
    // exist in the page.
    const all: Element[] = [];
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root; root = roots.pop()) {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        all.push(el);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    const msgs = document.querySelector('.lore-messages')!;
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      onAttrs: all.flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
      badAnchors: all.filter((el) => el.tagName === 'A').map((a) => a.getAttribute('href') ?? '').filter((h) => !/^https?:\/\//i.test(h)),
      anchors: msgs.querySelectorAll('a').length,
      risky: msgs.querySelectorAll('img, script, iframe, object, embed, form, style, link, [href], [src]').length,
      webLinks: Array.from(msgs.querySelectorAll('.lore-link')).map((e) => e.getAttribute('title')),
      url: location.href,
      csp: (window as unknown as { __cspViolations: unknown[] }).__cspViolations,
    };
  });
  assert.equal(audit.xss, undefined, 'no injected script ran');
  assert.deepEqual(audit.onAttrs, [], 'no element has on* attributes');
  assert.deepEqual(audit.badAnchors, [], 'no anchor with a non-http(s) href');
  assert.equal(audit.anchors, 0, 'links never navigate: no anchors in model output');
  assert.equal(audit.risky, 0, 'no images, scripts, frames or URL attributes in model output');
  // The image becomes `!` + a plain link: images are not parsed at all.
  assert.deepEqual(audit.webLinks, ['https://example.com/track.png', 'https://example.com/docs', 'https://example.com/auto']);
  assert.ok(audit.url.startsWith(server.origin + '/?'), 'clicking links did not navigate');
  assert.deepEqual(audit.csp, [], 'no CSP violations');

  // -- rendering -----------------------------------------------------------------------------------
  assert.ok(await answer.locator('.hljs-keyword').count() > 0, 'code is highlighted');
  assert.equal(await answer.locator('table .align-right').count(), 3, 'table alignment kept without style attributes');
  const chips = answer.locator('.lore-cite');
  assert.deepEqual(await chips.evaluateAll((els) => els.map((e) => e.textContent)), ['2', '1', '3', '2', '1', '3']);
  await answer.locator('.lore-cite[data-cite="2"]').first().click();
  assert.deepEqual(await lastPosted(page), { type: 'openSource', turnId: 't1', n: 2 });
  await answer.locator('.lore-cite[data-cite="3"]').first().focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await lastPosted(page), { type: 'openSource', turnId: 't1', n: 3 });
  await page.locator('.lore-turn[data-turn-id="t1"] .lore-source[data-source="1"]').click();
  assert.deepEqual(await lastPosted(page), { type: 'openSource', turnId: 't1', n: 1 });
  assert.match(await page.locator('.lore-turn[data-turn-id="t1"] .lore-sources').innerText(), /store\.ts:12-30\s*src\/indexer\s*function writeAtomic/);

  const copy = answer.locator('.lore-code .lore-copy');
  assert.equal(await copy.count(), 1, 'the code block has a copy button');
  await copy.click();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(clip, /^async function writeAtomic[\s\S]*rename\(tmp, file\);\n}\n$/);

  // -- errors, retrieval-only, pull ----------------------------------------------------------------
  const t2 = page.locator('.lore-turn[data-turn-id="t2"]');
  assert.equal(await t2.locator('.lore-passage').count(), 2);
  await t2.locator('vscode-button[data-action="retry"]').click();
  assert.deepEqual(await lastPosted(page), { type: 'retry', turnId: 't2' });
  await t2.locator('vscode-button[data-action="showLog"]').click();
  assert.deepEqual(await lastPosted(page), { type: 'action', kind: 'showLog' });
  // Passages start collapsed so the error and its actions stay in view; the heading opens them.
  const passages = t2.locator('vscode-collapsible.lore-passages');
  assert.equal(await passages.evaluate((el) => (el as HTMLElement & { open: boolean }).open), false, 'passages start collapsed');
  assert.equal(await t2.locator('.lore-passage').first().isVisible(), false);
  assert.equal(await passages.getAttribute('heading'), '聊天模型未能作答，以下是最相关的 2 个段落：', 'the heading in the language of the question, from the host');
  await passages.click({ position: { x: 60, y: 10 } });
  await t2.locator('.lore-passage .lore-source').first().click();
  assert.deepEqual(await lastPosted(page), { type: 'openSource', turnId: 't2', n: 1 });
  await page.locator('.lore-turn[data-turn-id="t3"] vscode-button[data-action="pullModel"]').click();
  assert.deepEqual(await lastPosted(page), { type: 'pullModel', model: 'qwen2.5-coder:7b' });
  assert.match(await page.locator('.lore-pull').innerText(), /Pulling qwen2\.5-coder:7b: downloading 40%/);
  assert.equal(await page.locator('.lore-index').isVisible(), false, 'no index line once ready');

  // -- composer ------------------------------------------------------------------------------------
  assert.match(await page.locator('.lore-selection-chip').innerText(), /src\/indexer\/store\.ts:12-30/);
  const input = page.locator('.lore-input textarea');
  assert.equal(await input.inputValue(), 'What calls this?');
  await input.focus();
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('Be brief.');
  assert.equal((await posted(page)).filter((m) => m.type === 'ask').length, 0, 'Shift+Enter does not send');
  await page.keyboard.press('Enter');
  assert.deepEqual(await lastPosted(page), { type: 'ask', text: 'What calls this?\nBe brief.', scope: 'all', includeSelection: true });
  assert.equal(await send.getAttribute('aria-label'), 'Stop generating', 'Stop shows as soon as a question is sent');
  await send.click();
  assert.deepEqual(await lastPosted(page), { type: 'stop' });
  assert.equal((await posted(page)).filter((m) => m.type === 'selectModel').length, 0, 'no selectModel from programmatic updates');
  await page.locator('.lore-model').click();
  await page.locator('.lore-model').getByRole('option', { name: 'llama3.2:3b' }).click();
  assert.deepEqual(await lastPosted(page), { type: 'selectModel', model: 'llama3.2:3b' });
  // New chat is the view's title-bar action (package.json view/title), not a second button in the panel.
  assert.equal(await page.locator('button[aria-label="New chat"]').count(), 0, 'the panel duplicates the title bar\'s New chat');

  // -- restore from getState without waiting for init -----------------------------------------------
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector('.lore-turn');
  assert.equal(await page.locator('.lore-turn').count(), 3, 'turns restored from setState before init');
  assert.ok((await page.locator('.lore-turn[data-turn-id="t1"] .lore-cite').count()) > 0);
  assert.deepEqual(errors, [], 'no page errors');
  await page.context().close();
});

test('host messages that fail validation are ignored', { skip }, async () => {
  const { page } = await open();
  await play(page, [{ message: initMessage() }]);
  await page.evaluate(() => {
    window.postMessage({ type: 'turnStarted', turnId: 'x', question: 'q', extra: '<img src=x onerror=alert(1)>' }, '*');
    window.postMessage({ type: 'answerDelta', turnId: 'x', text: 5 }, '*');
    window.postMessage('not an object', '*');
  });
  await page.waitForTimeout(150);
  assert.equal(await page.locator('.lore-turn').count(), 0);
  // The CSP is really enforced (so "no violations" above means something): inline code is refused.
  const blocked = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.append(s);
    const d = document.createElement('div');
    d.setAttribute('style', 'color: red');
    document.body.append(d);
    await new Promise((r) => setTimeout(r, 50));
    const w = window as unknown as { __inline?: number; __cspViolations: Array<{ directive: string }> };
    return { ran: w.__inline, color: getComputedStyle(d).color, directives: w.__cspViolations.map((v) => v.directive) };
  });
  assert.equal(blocked.ran, undefined);
  assert.notEqual(blocked.color, 'rgb(255, 0, 0)');
  assert.ok(blocked.directives.some((d) => d.startsWith('script-src')) && blocked.directives.some((d) => d.startsWith('style-src')));
  await page.context().close();
});

test('screenshots in light, dark and high-contrast themes', { skip }, async () => {
  for (const theme of ['dark', 'light', 'hc']) {
    const { page, errors } = await open(theme);
    await play(page, fullConversation());
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${OUT}/panel-${theme}.png` });
    await page.locator('.lore-messages').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/panel-${theme}-top.png` });
    assert.deepEqual(errors, [], `no page errors (${theme})`);
    await page.context().close();
  }
});

test('a long streamed answer re-renders once per frame, not once per delta', { skip }, async () => {
  const { page, errors } = await open();
  await play(page, [{ message: initMessage() }, { message: { type: 'turnStarted', turnId: 'long', question: 'Long?' } },
    { message: { type: 'sources', turnId: 'long', sources: SOURCES } }]);
  const block = '## Part\n\nSome **text** with a citation [1] and `code`.\n\n```ts\nconst x: number = 42; // comment\n```\n\n';
  const text = block.repeat(300); // ~30 KB of Markdown
  const result = await page.evaluate(async (src) => {
    // No named helpers in page code: tsx's keepNames would inject `__name`, unknown in the page.
    const answer = document.querySelector('.lore-turn[data-turn-id="long"] .lore-answer')!;
    let renders = 0;
    new MutationObserver((records) => { renders += records.some((r) => r.target === answer) ? 1 : 0; })
      .observe(answer, { childList: true });
    const deltas: string[] = [];
    for (let i = 0; i < src.length; i += 6) deltas.push(src.slice(i, i + 6));
    const t0 = performance.now();
    // Bursts of 20 deltas per task (the host posts faster than frames arrive).
    for (let i = 0; i < deltas.length; i++) {
      window.postMessage({ type: 'answerDelta', turnId: 'long', text: deltas[i] }, '*');
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    await new Promise((r) => setTimeout(r, 300));
    return { deltas: deltas.length, renders, ms: Math.round(performance.now() - t0), length: answer.textContent!.length };
  }, text);
  console.log(`# streamed ${text.length} chars in ${result.deltas} deltas: ${result.renders} renders, ${result.ms} ms`);
  assert.ok(result.renders < result.deltas / 10, `renders ${result.renders} for ${result.deltas} deltas`);
  assert.ok(result.length > 20_000);
  await play(page, [{ message: { type: 'turnDone', turnId: 'long', stopped: false, cited: [1] } }]);
  const answer = page.locator('.lore-turn[data-turn-id="long"] .lore-answer');
  assert.deepEqual(await answer.evaluate((el) => [el.querySelectorAll(':scope > h2').length,
    el.querySelectorAll(':scope > .lore-code').length, el.querySelectorAll('.lore-cite').length]), [300, 300, 300]);
  assert.deepEqual(errors, []);
  await page.context().close();
});
