// Baseline, runs now: the workbench loads the fixture workspace with Lore as the development extension, a
// workspace file opens at a given line, and "Show Running Extensions" lists Lore (screenshot proves it).
import { expect, type Scenario } from '../lib/scenario';

export const workbenchScenario: Scenario = {
  name: 'workbench',
  needsSim: false,
  async run(wb) {
    await wb.waitForWorkspace();
    await wb.openFile('src/auth/login.ts');
    await wb.goToLine(26);
    const state = await wb.editorState();
    expect(state.file === 'login.ts', `active editor is ${state.file}, expected login.ts`);
    expect(state.relativePath === 'src/auth/login.ts', `breadcrumbs show ${state.relativePath}, expected src/auth/login.ts`);
    expect(state.line === 26, `cursor on line ${state.line}, expected 26`);
    expect(await wb.page.locator('.monaco-editor .view-lines', { hasText: 'handleLogin' }).count() > 0,
      'login.ts editor does not show handleLogin');

    await wb.runCommand('Developer: Show Running Extensions');
    const list = wb.page.locator('.runtime-extensions-editor .monaco-list').first();
    await list.locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
    // The list is virtualised and sorted by activation time: walk it with the keyboard (the list scrolls the
    // focused row into view) until Lore's row has focus, so the screenshot shows it.
    await list.locator('.monaco-list-row').first().click();
    const focused = list.locator('.monaco-list-row.focused');
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      found = /lore-dev\.lore|Lore — local/.test(await focused.innerText().catch(() => ''));
      if (!found) await wb.page.keyboard.press('ArrowDown');
    }
    expect(found, 'Lore is not among the running extensions');
  },
};
