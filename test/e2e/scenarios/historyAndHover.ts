// Two conversations (New Chat between them) both appear in History, newest first, titled by their first
// question; reopening the older one brings its answer back. Hovering a citation chip shows the passage with
// its path:lines. Takes the README's screenshots history-light/dark.png and hovercard-light/dark.png.
import { expect, type Scenario } from '../lib/scenario';
import { LoreView } from '../lib/loreView';
import { PANEL_CLIP, themedScreenshots } from './askWithCitations';

const FIRST = 'Where is retry with backoff implemented?';
const SECOND = 'How does handleLogin lock an account after failed attempts?';

export const historyAndHoverScenario: Scenario = {
  name: 'history-and-hover-card',
  needsSim: true,
  async run(wb) {
    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await wb.setSideBarWidth(440);
    await lore.waitForIndexReady();
    for (const question of [FIRST, SECOND]) {
      await wb.runCommand('Lore: New Chat');
      // The view clears asynchronously; count turns from zero only once it has.
      await lore.frame.locator('article.lore-turn').first().waitFor({ state: 'detached', timeout: 10_000 });
      await lore.ask(question);
      expect((await lore.waitForAnswer(['done', 'error', 'stopped'])) === 'done', `answer ended as ${await lore.answerState()}: ${await lore.errorText()}`);
    }

    // Hover card: the passage and its location, next to the chip.
    const chip = lore.lastTurn().locator('.lore-answer .lore-cite').first();
    const card = lore.frame.locator('.lore-hovercard');
    const showCard = async () => {
      await chip.scrollIntoViewIfNeeded();
      await chip.hover();
      await card.waitFor({ state: 'visible', timeout: 5_000 });
    };
    await showCard();
    const cardText = await card.innerText();
    expect(/\S+:\d+(-\d+)?/.test(cardText), `hover card has no path:lines: "${cardText}"`);
    expect(cardText.split('\n').length >= 4, `hover card shows no passage: "${cardText}"`);
    for (const [theme, kind] of [['Light Modern', 'vs'], ['Dark Modern', 'vs-dark']] as const) {
      if ((await wb.themeKind()) !== kind) await wb.setColorTheme(theme, kind);
      await showCard();
      await wb.screenshot(`hovercard-${kind === 'vs' ? 'light' : 'dark'}`, PANEL_CLIP);
    }
    await wb.parkMouse();

    // History: both conversations, the newest first, titled by their first question.
    const historyButton = lore.frame.locator('.lore-history-button');
    await historyButton.click();
    const rows = lore.frame.locator('.lore-history-item');
    await rows.first().waitFor({ timeout: 10_000 });
    const titles = await rows.locator('.lore-history-title').allInnerTexts();
    expect(titles[0] === SECOND && titles[1] === FIRST, `History lists ${JSON.stringify(titles)}`);
    await themedScreenshots(wb, 'history', async () => {
      if (!(await rows.first().isVisible())) await historyButton.click();
    });
    await rows.nth(1).locator('.lore-history-open').click();
    await lore.frame.locator('.lore-messages').waitFor({ state: 'visible' });
    // The host answers the click with the conversation's turns (init); wait for them to replace the shown ones.
    const deadline = Date.now() + 15_000;
    const shown = async () => (await lore.lastTurn().locator('.lore-question-text').innerText()).trim();
    let question = await shown();
    while (question !== FIRST && Date.now() < deadline) {
      await wb.page.waitForTimeout(100);
      question = await shown();
    }
    expect(question === FIRST, `reopening showed "${question}"`);
    expect((await lore.answerText()).length > 20, 'the reopened conversation has no answer');
  },
};
