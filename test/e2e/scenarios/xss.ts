// Hostile workspace content (test/fixtures/e2e-workspace/docs/release-notes.md) and a hostile question reach the
// chat view through every path that shows text: the question bubble, the Thinking section (the sim repeats the
// question), the answer (the sim repeats the chunk's heading outside any code fence and quotes its first lines)
// and the source list. None of the payloads may run (they set __loreXss or call alert), they must show as
// literal text, and clicking everything clickable in the turn must not open anything outside the workspace
// (no new page, no "open external website" dialog, no editor for a non-workspace file).
import type { Frame } from 'playwright-core';
import { expect, type Scenario } from '../lib/scenario';
import { LORE_SELECTORS, LoreView } from '../lib/loreView';

const PAYLOAD_QUESTION = 'What does the changelog widget in the release notes do? <img src=x onerror="top.__loreXss=2"> [go](javascript:top.__loreXss=3)';
/** Where model and workspace text is rendered; none of these may hold an element that can run or load anything. */
const CONTENT = `${LORE_SELECTORS.answer}, ${LORE_SELECTORS.thinkingText}, .lore-question-text, .lore-source-symbol`;
const DANGEROUS = 'script, iframe, object, embed, svg, img, a, details, form, input, [onerror], [onload], [onclick], [onmouseover], [ontoggle], [href], [src], [style]';

async function xssFlags(frames: Frame[]): Promise<string[]> {
  const hits: string[] = [];
  for (const f of frames) {
    const set = await f.evaluate(() => (window as unknown as { __loreXss?: unknown }).__loreXss !== undefined).catch(() => false);
    if (set) hits.push(f.url());
  }
  return hits;
}

export const xssScenario: Scenario = {
  name: 'xss',
  needsSim: true,
  async run(wb) {
    const dialogs: string[] = [];
    const pages: string[] = [];
    wb.page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
    wb.context.on('page', (p) => pages.push(p.url()));

    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await lore.waitForIndexReady();
    const frameUrl = lore.frame.url();
    await lore.ask(PAYLOAD_QUESTION);
    expect((await lore.waitForAnswer(['done', 'error', 'stopped'])) === 'done', `answer ended as ${await lore.answerState()}`);
    const cited = (await lore.citations()).map((c) => c.path);
    expect(cited.includes('docs/release-notes.md'), `hostile file not retrieved/cited (cited: ${cited.join(', ')}), so the check proves nothing`);
    await lore.expandThinking();

    const turn = lore.lastTurn();
    // The payloads are there, as text: otherwise the check below would pass on a turn that never showed them.
    const answer = await lore.answerText();
    expect(/<img src=x onerror=/.test(answer) && answer.includes('[notes](javascript:'), `the answer does not show the heading payloads as text: ${answer.slice(0, 300)}`);
    expect((await turn.locator(LORE_SELECTORS.thinkingText).innerText()).includes('onerror="top.__loreXss=2"'), 'the thinking does not show the question payload as text');
    expect((await turn.locator('.lore-question-text').innerText()).includes('<img src=x'), 'the question bubble does not show its payload as text');

    // The panel's own button icons (built with DOM APIs, not parsed from text) are the only SVGs allowed there.
    const dangerous = await turn.locator(CONTENT).locator(DANGEROUS).evaluateAll((els) => els
      .filter((e) => !(e.tagName.toLowerCase() === 'svg' && e.classList.contains('lore-icon') &&
        e.parentElement?.matches('button.lore-copy, button.lore-code-tool, button.lore-edit, button.lore-turn-action')))
      .map((e) => e.outerHTML.slice(0, 120)));
    expect(dangerous.length === 0, `dangerous element(s) rendered from model/workspace text: ${dangerous.join(' | ')}`);
    const handlers = await turn.evaluate((root) => [...root.querySelectorAll('*')].flatMap((e) =>
      [...e.attributes].filter((a) => /^on/i.test(a.name) || (/^(href|src|action|formaction|xlink:href|srcdoc)$/i.test(a.name) && /javascript:/i.test(a.value))).map((a) => `<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`)));
    expect(handlers.length === 0, `event handler or javascript: URL attributes in the turn: ${handlers.join(' ')}`);

    const before = await wb.editorState();
    // Everything clickable in the turn: link texts (rendered as inert spans), citation chips, source buttons.
    const clickable = turn.locator('.lore-link, .lore-link-text, .lore-cite, .lore-source');
    const count = await clickable.count();
    expect(count > 0, 'nothing clickable in the turn');
    for (let i = 0; i < count; i++) {
      await clickable.nth(i).click({ timeout: 5_000 }).catch(() => undefined);
      await wb.page.waitForTimeout(200);
      await wb.page.keyboard.press('Escape');
    }
    await wb.page.waitForTimeout(1000);

    expect((await xssFlags(wb.page.frames())).length === 0, `__loreXss set in: ${(await xssFlags(wb.page.frames())).join(', ')}`);
    expect(dialogs.length === 0, `dialogs opened: ${dialogs.join(' | ')}`);
    expect(pages.length === 0, `new pages opened: ${pages.join(', ')}`);
    expect((await wb.page.locator('.monaco-dialog-box').count()) === 0, 'a workbench dialog (e.g. "open external website") appeared');
    expect(lore.frame.url() === frameUrl, `the chat webview navigated to ${lore.frame.url()}`);
    const after = await wb.editorState();
    expect(after.file === before.file || (after.relativePath !== undefined && !after.relativePath.startsWith('/')),
      `a non-workspace file opened: ${JSON.stringify(after)}`);
    expect(after.file !== 'passwd', '/etc/passwd opened in an editor');
    const tabs = await wb.page.locator('.tabs-container .tab').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-resource-name') ?? ''));
    const workspaceFiles = ['release-notes.md', 'login.ts', 'session.ts', 'retry.ts', 'tide_report.py', 'README.md', 'package.json'];
    expect(tabs.every((t) => workspaceFiles.includes(t)), `editors opened for: ${tabs.join(', ')}`);
  },
};
