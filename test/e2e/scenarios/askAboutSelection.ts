// Select handleLogin's signature in the editor, run "Ask About Selection" from the editor context menu: the Lore
// view shows the selection in the composer, and the answer to it refers to the selection and cites login.ts.
// Then the window is reloaded: the conversation comes back from workspaceState.
import { expect, type Scenario } from '../lib/scenario';
import { LORE_SELECTORS, LoreView } from '../lib/loreView';

export const askAboutSelectionScenario: Scenario = {
  name: 'ask-about-selection',
  needsSim: true,
  async run(wb) {
    await wb.waitForWorkspace();
    await wb.openFile('src/auth/login.ts');
    await wb.goToLine(25);
    for (let i = 0; i < 6; i++) await wb.page.keyboard.press('Shift+ArrowDown');

    // Shift+F10 opens the editor context menu at the cursor; a right click elsewhere could drop the selection.
    await wb.page.keyboard.press('Shift+F10');
    const item = wb.page.getByRole('menuitem', { name: /Ask About Selection/ });
    await item.waitFor({ timeout: 10_000 });
    await item.click();

    const lore = await LoreView.attach(wb);
    const chip = lore.frame.locator(LORE_SELECTORS.selectionChip);
    await chip.waitFor({ timeout: 15_000 });
    expect((await chip.innerText()).includes('src/auth/login.ts:25-30'), `selection chip shows "${await chip.innerText()}", expected src/auth/login.ts:25-30`);
    expect((await lore.input().inputValue()).trim().length > 0, 'composer was not prefilled with a question');

    await lore.waitForIndexReady();
    await lore.send();
    expect((await lore.waitForAnswer(['done', 'error', 'stopped'])) === 'done', `answer ended as ${await lore.answerState()}`);
    const ref = lore.lastTurn().locator(LORE_SELECTORS.selectionRef);
    expect((await ref.count()) === 1 && (await ref.innerText()).includes('src/auth/login.ts'), 'turn does not show the selection it asked about');
    const cited = (await lore.citations()).map((c) => c.path);
    expect(cited.includes('src/auth/login.ts'), `answer does not cite src/auth/login.ts: ${cited.join(', ')}`);
    const answer = await lore.answerText();

    // Reload the window the way a user does (Developer: Reload Window, which lets the workbench flush its storage
    // on shutdown; a bare page reload may cut the web workbench's IndexedDB writes short): a new extension host
    // restores the conversation from workspaceState.
    const navigated = wb.page.waitForEvent('framenavigated', { predicate: (f) => f === wb.page.mainFrame(), timeout: 60_000 });
    await wb.runCommand('Developer: Reload Window');
    await navigated;
    await wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const again = await LoreView.open(wb);
    await again.lastTurn().waitFor({ timeout: 30_000 });
    // The panel may first show its own saved state; the host's `init` (from workspaceState) then replaces it.
    expect((await again.waitForAnswer(['done', 'stopped', 'error'], 30_000)) === 'done', `restored turn is ${await again.answerState()}`);
    expect((await again.turnCount()) === 1, `expected the 1 turn back after reload, found ${await again.turnCount()}`);
    expect((await again.answerText()) === answer, 'the restored answer differs from the one shown before the reload');
    expect((await again.citations()).some((c) => c.path === 'src/auth/login.ts'), 'citations lost in the reload');
  },
};
