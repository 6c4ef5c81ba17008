// Hostile workspace content (test/fixtures/e2e-workspace/docs/release-notes.md) is retrieved and quoted in an
// answer. None of its payloads may run (they set __loreXss or call alert), and clicking links in the answer
// must not open anything outside the workspace (no new page, no "open external website" dialog, no editor
// for a non-workspace file).
import type { Frame } from 'playwright-core';
import { expect, type Scenario } from '../lib/scenario';
import { LORE_SELECTORS, LoreView } from '../lib/loreView';

const DANGEROUS = 'script, iframe, object, embed, svg, img[onerror], [onload], [onerror], [onclick], [onmouseover], [ontoggle], a[href^="javascript:" i]';

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
  needsLoreView: true,
  needsSim: true,
  async run(wb) {
    const dialogs: string[] = [];
    const pages: string[] = [];
    wb.page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
    wb.context.on('page', (p) => pages.push(p.url()));

    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await lore.waitForIndexReady();
    await lore.ask('What do the release notes say about the changelog widget?');
    expect((await lore.waitForAnswer(['done', 'error', 'stopped'])) === 'done', `answer ended as ${await lore.answerState()}`);
    const cited = (await lore.citations()).map((c) => c.path);
    expect(cited.includes('docs/release-notes.md'), `hostile file not retrieved/cited (cited: ${cited.join(', ')}), so the check proves nothing`);

    const dangerous = await lore.lastTurn().locator(DANGEROUS).count();
    expect(dangerous === 0, `${dangerous} dangerous element(s) rendered in the answer`);

    const before = await wb.editorState();
    const links = lore.lastTurn().locator(`${LORE_SELECTORS.answer} a`);
    for (let i = 0; i < (await links.count()); i++) {
      await links.nth(i).click({ timeout: 5_000 }).catch(() => undefined);
      await wb.page.waitForTimeout(300);
      await wb.page.keyboard.press('Escape');
    }
    await wb.page.waitForTimeout(1000);

    expect((await xssFlags(wb.page.frames())).length === 0, `__loreXss set in: ${(await xssFlags(wb.page.frames())).join(', ')}`);
    expect(dialogs.length === 0, `dialogs opened: ${dialogs.join(' | ')}`);
    expect(pages.length === 0, `new pages opened: ${pages.join(', ')}`);
    expect((await wb.page.locator('.monaco-dialog-box').count()) === 0, 'a workbench dialog (e.g. "open external website") appeared');
    const after = await wb.editorState();
    expect(after.file === before.file || (after.relativePath !== undefined && !after.relativePath.startsWith('/')),
      `a non-workspace file opened: ${JSON.stringify(after)}`);
    expect(after.file !== 'passwd', '/etc/passwd opened in an editor');
  },
};
