/**
 * Browser tests of the everyday panel (issue 20): History list, Retry in place, citation hover
 * card, answer and code actions, input recall and completion, WCAG AA contrast of every text in
 * light, dark and high-contrast themes, and keyboard-only use. Screenshots go to test-results/webview.
 * Run with `npm run test:webview` (builds first).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { HostMessage, HostMessageOf, WireSource } from '../../src/protocol';
import { lastPost, openPanel, OUT, postedBy, send, skip, startSession, type Session } from './browser';
import { measureContrast } from './contrast';
import { initMessage, SOURCES } from './conversation';

let session: Session;
before(async () => {
  if (!skip) session = await startSession();
});
after(async () => session?.close());

const PREVIEWED: WireSource[] = [
  { ...SOURCES[0]!, preview: 'async update(files: string[], signal: AbortSignal) {\n  for (const f of files) await this.reindex(f, signal);\n}' },
  { ...SOURCES[1]!, preview: 'async function writeAtomic(file: string, data: string) {\n  const tmp = `${file}.tmp`;\n  await fs.rename(tmp, file);\n}' },
  { ...SOURCES[2]!, preview: '## Storage\nShards are written atomically (temp file + rename).' },
  // The same passage again: listed once.
  { ...SOURCES[1]!, n: 4 },
  { n: 5, path: 'very/long/folder/name/that/does/not/fit/in/a/narrow/panel/at/all/handlers.py', startLine: 120, endLine: 164, language: 'python', kind: 'code' },
];

const HISTORY: HostMessage = {
  type: 'history', currentId: 'c2', conversations: [
    { id: 'c2', title: 'How does the index stay consistent?', createdAt: Date.now() - 60_000, updatedAt: Date.now() - 30_000, turns: 2 },
    { id: 'c1', title: 'Where is login handled?', createdAt: Date.now() - 86_400_000 * 3, updatedAt: Date.now() - 86_400_000 * 3, turns: 1 },
  ],
};

/** A finished turn citing sources 2 and 5 (1 and 3 stay uncited), with a code block. */
function answered(turnId = 'a1', question = 'How is a shard written?'): HostMessage[] {
  return [
    { type: 'turnStarted', turnId, question },
    { type: 'sources', turnId, sources: PREVIEWED },
    { type: 'answerDelta', turnId, text: 'Through a temp file and a rename [2], in the handler [5].\n\n```ts\nconst veryLongLine = "' + 'x'.repeat(120) + '";\n```\n' },
    { type: 'turnDone', turnId, stopped: false, cited: [2, 5] },
  ];
}

test('History: list, open, rename, delete (asked first), export', { skip }, async () => {
  const { page, errors } = await openPanel(session, 'dark');
  await send(page, [initMessage(), ...answered(), HISTORY]);
  await page.locator('.lore-history-button').click();
  const rows = page.locator('.lore-history-item');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /How does the index stay consistent\?\s*Today \d\d:\d\d · 2 questions/);
  assert.match(await rows.nth(1).innerText(), /Where is login handled\?\s*\d+ \w+ \d{4} · 1 question$/);
  assert.equal(await rows.nth(0).locator('.lore-history-open').getAttribute('aria-current'), 'true');
  assert.equal(await page.locator('.lore-messages').isVisible(), false, 'the list replaces the conversation');
  await page.screenshot({ path: `${OUT}/history-dark.png` });

  await rows.nth(1).getByRole('button', { name: /Rename/ }).click();
  const input = page.locator('.lore-history-rename');
  assert.equal(await input.inputValue(), 'Where is login handled?');
  await input.fill('Login flow');
  await page.keyboard.press('Enter');
  assert.deepEqual(await lastPost(page), { type: 'renameConversation', id: 'c1', title: 'Login flow' });

  await rows.nth(1).getByRole('button', { name: /Export/ }).click();
  assert.deepEqual(await lastPost(page), { type: 'exportConversation', id: 'c1' });

  await rows.nth(1).locator('.lore-history-open').click();
  assert.deepEqual(await lastPost(page), { type: 'openConversation', id: 'c1' });
  assert.equal(await page.locator('.lore-messages').isVisible(), true, 'opening one goes back to the conversation');

  await page.locator('.lore-history-button').click();
  const before = (await postedBy(page)).length;
  await rows.nth(1).getByRole('button', { name: /Delete/ }).click();
  assert.match(await rows.nth(1).innerText(), /cannot be undone/);
  assert.equal((await postedBy(page)).length, before, 'nothing deleted before the user confirms');
  await rows.nth(1).locator('vscode-button', { hasText: 'Delete' }).click();
  assert.deepEqual(await lastPost(page), { type: 'deleteConversation', id: 'c1' });
  await send(page, [{ ...HISTORY, conversations: HISTORY.type === 'history' ? HISTORY.conversations.slice(0, 1) : [] }]);
  assert.equal(await rows.count(), 1, 'the host\'s new list is shown');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.lore-messages').isVisible(), true, 'Escape closes the list');
  await page.locator('.lore-export-button').click();
  assert.deepEqual(await lastPost(page), { type: 'exportConversation', id: 'c2' });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('Retry replaces the failed turn in place', { skip }, async () => {
  const { page } = await openPanel(session, 'dark');
  await send(page, [initMessage(), { type: 'turnStarted', turnId: 'f1', question: 'Why did it fail?' },
    { type: 'turnError', turnId: 'f1', message: 'Ollama is not reachable at http://127.0.0.1:11434', actions: ['retry', 'showLog'] },
    ...answered('a2', 'A later question')]);
  const turns = page.locator('.lore-turn');
  await page.locator('.lore-turn[data-turn-id="f1"] vscode-button[data-action="retry"]').click();
  assert.deepEqual(await lastPost(page), { type: 'retry', turnId: 'f1' });
  // The host restarts the same turn id; the panel answers where the error was.
  await send(page, [{ type: 'turnStarted', turnId: 'f1', question: 'Why did it fail?' },
    { type: 'answerDelta', turnId: 'f1', text: 'It works now.' }, { type: 'turnDone', turnId: 'f1', stopped: false, cited: [] }]);
  assert.deepEqual(await turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-turn-id'))), ['f1', 'a2']);
  assert.equal(await page.locator('.lore-turn[data-turn-id="f1"] .lore-error').count(), 0, 'the stale error is gone');
  assert.equal(await page.locator('.lore-turn[data-turn-id="f1"] .lore-answer').innerText(), 'It works now.');
  // Regenerate on an answer asks the same way.
  await page.locator('.lore-turn[data-turn-id="a2"] [data-turn-action="regenerate"]').click();
  assert.deepEqual(await lastPost(page), { type: 'retry', turnId: 'a2' });
  await page.context().close();
});

test('Citations: hover card with passage and path:lines, file-name-first rows, no duplicates', { skip }, async () => {
  const { page, errors } = await openPanel(session, 'light', { width: 300, height: 700 });
  await send(page, [initMessage(), ...answered()]);
  const turn = page.locator('.lore-turn[data-turn-id="a1"]');
  const rows = turn.locator('.lore-source');
  assert.equal(await rows.count(), 4, 'the repeated passage (4 = 2) is listed once');
  // Narrow panel: the folder is cut, never the file name and lines.
  const long = rows.nth(3);
  const fit = await long.evaluate((el) => {
    const name = el.querySelector('.lore-source-name') as HTMLElement;
    const folder = el.querySelector('.lore-source-folder') as HTMLElement;
    return { nameCut: name.scrollWidth > name.clientWidth, folderCut: folder.scrollWidth > folder.clientWidth, name: name.textContent };
  });
  assert.deepEqual(fit, { nameCut: false, folderCut: true, name: 'handlers.py:120-164' });
  assert.match(await rows.nth(0).getAttribute('aria-label') ?? '', /not cited/);

  const chip = turn.locator('.lore-cite[data-cite="2"]');
  const chipSize = await chip.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(chipSize >= 11, `chip font ${chipSize}px`);
  await chip.hover();
  const card = page.locator('.lore-hovercard');
  await card.waitFor({ state: 'visible' });
  assert.match(await card.innerText(), /src\/indexer\/store\.ts:12-30[\s\S]*function writeAtomic[\s\S]*async function writeAtomic/);
  assert.equal(await chip.getAttribute('aria-describedby'), 'lore-hovercard');
  await page.screenshot({ path: `${OUT}/hovercard-light.png` });
  await page.keyboard.press('Escape');
  assert.equal(await card.isVisible(), false, 'Escape hides the card');
  // Keyboard focus shows it too.
  await turn.locator('.lore-source[data-source="1"]').focus();
  assert.match(await card.innerText(), /indexer\.ts:40-88[\s\S]*reindex/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('Answer and code actions, edit & resend, input recall, @ completion, user Markdown', { skip }, async () => {
  const { page } = await openPanel(session, 'dark');
  await send(page, [initMessage(), ...answered('a1', 'Why?\n\n```\nTraceback (most recent call last):\n  File "x.py"\n```'),
    { type: 'completions', folders: ['api', 'docs-site'], files: ['src/auth/login.py', 'src/auth/logout.py', 'README.md'] }]);
  const turn = page.locator('.lore-turn[data-turn-id="a1"]');
  assert.equal(await turn.locator('.lore-question pre code').innerText(), 'Traceback (most recent call last):\n  File "x.py"\n');
  await turn.locator('[data-turn-action="copyAnswer"]').click();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^Through a temp file and a rename \[2\]/);
  const block = turn.locator('.lore-code');
  const wrap = block.locator('[data-code-action="wrap"]');
  const scrolls = () => block.locator('pre').evaluate((el) => el.scrollWidth > el.clientWidth);
  assert.equal(await scrolls(), true);
  await wrap.click();
  assert.equal(await scrolls(), false, 'wrapped: no sideways scrolling');
  assert.equal(await wrap.getAttribute('aria-pressed'), 'true');
  await block.locator('[data-code-action="insert"]').click();
  assert.deepEqual(await lastPost(page), { type: 'insertCode', code: `const veryLongLine = "${'x'.repeat(120)}";\n`, language: 'ts', target: 'cursor' });
  await block.locator('[data-code-action="newFile"]').click();
  assert.equal((await lastPost(page))?.type === 'insertCode' && (await lastPost(page) as { target: string }).target, 'newFile');

  const input = page.locator('.lore-input textarea');
  await turn.locator('.lore-edit').click();
  assert.match(await input.inputValue(), /^Why\?/);
  await input.fill('');
  await page.keyboard.press('ArrowUp');
  assert.match(await input.inputValue(), /^Why\?/, '↑ recalls the last question');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.inputValue(), '', '↓ past the newest returns to an empty box');

  await page.keyboard.type('@fo');
  const popup = page.locator('.lore-completions');
  assert.deepEqual(await popup.locator('.lore-completion-label').allInnerTexts(), ['@folder:api', '@folder:docs-site']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await input.inputValue(), '@folder:docs-site ');
  await page.keyboard.type('see @log');
  assert.deepEqual(await popup.locator('.lore-completion-label').allInnerTexts(), ['login.py', 'logout.py']);
  await page.keyboard.press('Tab');
  assert.equal(await input.inputValue(), '@folder:docs-site see src/auth/login.py ');
  assert.equal((await postedBy(page)).filter((m) => m.type === 'ask').length, 0, 'accepting a suggestion does not send');
  await page.keyboard.press('Enter');
  assert.deepEqual(await lastPost(page), { type: 'ask', text: '@folder:docs-site see src/auth/login.py', scope: 'all', includeSelection: false });
  await page.context().close();
});

for (const theme of ['light', 'dark', 'hc']) {
  test(`every text meets WCAG AA contrast (${theme})`, { skip }, async () => {
    const { page } = await openPanel(session, theme);
    await send(page, [{ ...(initMessage() as HostMessageOf<'init'>), index: { state: 'paused', filesDone: 0, filesTotal: 0, chunks: 2262, message: 'Ollama is not reachable' } },
      ...answered(), { type: 'turnStarted', turnId: 'e1', question: 'And the lock?' },
      { type: 'turnError', turnId: 'e1', message: 'Ollama is not reachable', advice: 'Start it with `ollama serve`.', actions: ['retry', 'openSetup', 'showLog'] },
      { type: 'prefill', text: 'What calls this?', selection: { path: 'src/indexer/store.ts', startLine: 12, endLine: 30 } }, HISTORY]);
    const views: Record<string, () => Promise<void>> = {
      conversation: async () => undefined,
      hovercard: async () => page.locator('.lore-turn[data-turn-id="a1"] .lore-source[data-source="1"]').hover(),
      history: async () => page.locator('.lore-history-button').click(),
    };
    const failures: string[] = [];
    let checked = 0;
    for (const [name, show] of Object.entries(views)) {
      await show();
      await page.waitForTimeout(100);
      const r = await page.evaluate(measureContrast);
      checked += r.checked;
      for (const i of r.issues) failures.push(`${name}: "${i.text}" (${i.where}) ${i.fg} on ${i.bg} = ${i.ratio}:1 < ${i.needed}:1`);
    }
    console.log(`# ${theme}: ${checked} text runs checked`);
    assert.ok(checked > 60, `only ${checked} texts checked`);
    assert.deepEqual(failures, []);
    await page.context().close();
  });
}

test('keyboard only: Tab reaches every control in order, focus stays visible and wraps after Send', { skip }, async () => {
  const { page } = await openPanel(session, 'dark');
  await send(page, [initMessage(), ...answered(), { type: 'turnStarted', turnId: 'e1', question: 'And the lock?' },
    { type: 'turnError', turnId: 'e1', message: 'Ollama is not reachable', actions: ['retry', 'showLog'] }, HISTORY]);
  // Every control a sighted mouse user can reach, in document order.
  const expected = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>(
    'button, vscode-button, vscode-single-select, vscode-textarea, vscode-collapsible',
  )).filter((el) => el.checkVisibility() && !el.closest('[hidden]')).map((el) =>
    el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30)));
  const focused = () => page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    // The control the user sees: the custom element around a focused inner part.
    const host = (a?.getRootNode() as ShadowRoot | Document) instanceof ShadowRoot ? (a!.getRootNode() as ShadowRoot).host : a;
    const el = host as HTMLElement | null;
    const style = a ? getComputedStyle(a) : undefined;
    return {
      label: el ? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30) : '',
      body: el === document.body,
      // Our own buttons draw their focus ring with an outline; the toolkit's components draw theirs inside.
      ring: el?.tagName.includes('-') || (style !== undefined && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0),
    };
  });
  await page.locator('.lore-messages').click({ position: { x: 5, y: 5 } });
  const seen: string[] = [];
  for (let i = 0; i < 2 * expected.length + 10; i++) {
    await page.keyboard.press('Tab');
    const f = await focused();
    assert.equal(f.body, false, `Tab ${i + 1} left focus on the page body (after ${seen.at(-1)})`);
    assert.ok(f.ring, `no visible focus on ${f.label}`);
    seen.push(f.label);
  }
  // From the top of the panel, every control once, in document order (scrollable code blocks are extra stops).
  const controls = seen.filter((l) => expected.includes(l));
  const top = controls.indexOf(expected[0]!);
  assert.deepEqual(controls.slice(top, top + expected.length), expected);
  await page.locator('.lore-send').focus();
  await page.keyboard.press('Tab');
  assert.equal((await focused()).label, 'Chat model', 'Tab from Send wraps to the top');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).label, 'Send question', 'Shift+Tab from the top wraps to Send');
  // Keyboard-only: History opens with Enter, its rows are reachable, Escape returns.
  await page.locator('.lore-history-button').focus();
  await page.keyboard.press('Enter');
  assert.match((await focused()).label, /How does the index stay consistent/);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.lore-messages').isVisible(), true);
  await page.context().close();
});

test('screen readers and streaming: no live answer region, done announced, Stop looks active, no stray caret', { skip }, async () => {
  const { page } = await openPanel(session, 'dark');
  await send(page, [initMessage(), { type: 'turnStarted', turnId: 's1', question: 'q' },
    { type: 'status', turnId: 's1', text: 'Searching the workspace…' }]);
  const turn = page.locator('.lore-turn[data-turn-id="s1"]');
  assert.equal(await turn.locator('.lore-answer').isVisible(), false, 'no empty answer (and caret) under the status line');
  assert.equal(await page.locator('[aria-live="polite"].lore-answer, .lore-answer[aria-live]').count(), 0);
  const stop = page.locator('.lore-send');
  assert.equal(await stop.getAttribute('aria-label'), 'Stop generating');
  assert.equal(await stop.getAttribute('secondary'), null, 'Stop is a primary button, not a grey one');
  await page.screenshot({ path: `${OUT}/streaming-status-dark.png` });
  await send(page, [{ type: 'answerDelta', turnId: 's1', text: 'Done.' }, { type: 'turnDone', turnId: 's1', stopped: false, cited: [] }]);
  assert.equal(await turn.locator('[role="status"].lore-sr-only').textContent(), 'Answer complete.');
  await page.context().close();
});

test('narrow panel: buttons do not wrap, the last answer\'s sources clear the composer', { skip }, async () => {
  const { page } = await openPanel(session, 'dark', { width: 260, height: 600 });
  await send(page, [initMessage(), ...answered(), { type: 'turnStarted', turnId: 'e1', question: 'q' },
    { type: 'turnError', turnId: 'e1', message: 'Ollama is not reachable', actions: ['retry', 'openSetup', 'showLog'] }, ...answered('a3', 'last')]);
  const wrapped = await page.evaluate(() => Array.from(document.querySelectorAll('vscode-button, .lore-turn-action'))
    .filter((b) => b.checkVisibility() && b.getBoundingClientRect().height > 34).map((b) => b.textContent));
  assert.deepEqual(wrapped, [], 'no button wraps its label onto two lines');
  const gap = await page.evaluate(() => {
    const list = document.querySelector('.lore-messages')!;
    const last = Array.from(document.querySelectorAll('.lore-turn[data-turn-id="a3"] .lore-source')).at(-1)!;
    return list.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom;
  });
  assert.ok(gap >= 8, `last source row ${gap}px above the composer`);
  await page.screenshot({ path: `${OUT}/narrow-dark.png` });
  await page.context().close();
});

test('progress display: files, percent, rate and time left in the panel header; cleared when indexing ends', { skip }, async () => {
  for (const theme of ['light', 'dark']) {
    const { page } = await openPanel(session, theme, { width: 420, height: 260 });
    const indexing = (filesDone: number): HostMessage => ({ type: 'indexStatus', state: 'indexing', filesDone, filesTotal: 900, chunks: filesDone * 11 });
    await send(page, [initMessage(), indexing(120)]);
    await page.waitForTimeout(1_100);
    await send(page, [indexing(260)]);
    const line = page.locator('.lore-index');
    assert.match(await line.innerText(), /^Indexing 260\/900 files \(28%\), \d+ files\/s, about \d+ (s|min) left — answers may be incomplete$/);
    await page.screenshot({ path: `${OUT}/progress-${theme}.png`, clip: { x: 0, y: 0, width: 420, height: 74 } });
    await send(page, [{ type: 'indexStatus', state: 'ready', filesDone: 0, filesTotal: 0, chunks: 9900 }]);
    assert.equal(await line.isVisible(), false, 'the line clears when indexing ends');
    await page.context().close();
  }
});
