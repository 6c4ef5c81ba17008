// Baseline, runs now: the workbench loads the fixture workspace with Lore as the development extension, a
// workspace file opens at a given line, and "Show Running Extensions" lists Lore (screenshot proves it).
import { expect, type Scenario } from '../lib/scenario';

export const workbenchScenario: Scenario = {
  name: 'workbench',
  needsLoreView: false,
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
    const row = wb.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: /lore-dev\.lore|Lore — local/ });
    await row.first().waitFor({ timeout: 30_000 });
  },
};
