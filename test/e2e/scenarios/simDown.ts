// Ollama goes away (ollama-sim stopped): asking shows a user-facing error that names the host and says how to
// start Ollama, instead of a raw "fetch failed", and the best retrieved passages are still shown.
// Takes the README's error screenshots (error-light.png, error-dark.png).
import { expect, type Scenario } from '../lib/scenario';
import { LORE_SELECTORS, LoreView } from '../lib/loreView';
import { startSim, stopSim } from '../lib/sim';
import { themedScreenshots } from './askWithCitations';

export const simDownScenario: Scenario = {
  name: 'ollama-down',
  needsSim: true,
  async run(wb) {
    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await wb.setSideBarWidth(440);
    await lore.waitForIndexReady();
    await stopSim();
    try {
      await lore.ask('How does handleLogin lock an account?');
      expect((await lore.waitForAnswer(['error', 'done', 'stopped'], 60_000)) === 'error', `answer ended as ${await lore.answerState()}`);
      const error = await lore.errorText();
      expect(/not reachable/i.test(error) && /ollama serve/.test(error), `error is not advice on starting Ollama: "${error}"`);
      expect(error.includes(wb.env.ollamaHost), `error does not name the host ${wb.env.ollamaHost}: "${error}"`);
      expect(!/fetch failed|ECONNREFUSED/.test(error), `raw error shown to the user: "${error}"`);
      const passages = lore.lastTurn().locator('.lore-passage');
      expect((await passages.count()) > 0, 'no retrieval-only passages shown while Ollama is down');
      const first = await passages.allInnerTexts();
      expect(first.some((p) => p.includes('src/auth/login.ts') && p.includes('handleLogin')), `passages do not include handleLogin: ${first.map((p) => p.split('\n')[0]).join(' | ')}`);
      await themedScreenshots(wb, 'error', () => lore.scrollToInLastTurn('.lore-question'));
      await lore.scrollToInLastTurn(LORE_SELECTORS.error);
    } finally {
      await startSim(wb.env);
    }
    // Ollama is back: Retry answers in the failed turn itself, and the stale error goes away.
    const turns = await lore.turnCount();
    await lore.lastTurn().locator('vscode-button[data-action="retry"]').click();
    // The failed turn restarts in place: its error goes as soon as the host starts the new answer.
    await lore.lastTurn().locator(LORE_SELECTORS.error).waitFor({ state: 'detached', timeout: 15_000 });
    expect((await lore.waitForAnswer(['done', 'error', 'stopped'], 60_000)) === 'done', `retry ended as ${await lore.answerState()}: ${await lore.errorText()}`);
    expect((await lore.turnCount()) === turns, `Retry added a turn (${turns} -> ${await lore.turnCount()})`);
    expect((await lore.lastTurn().locator(LORE_SELECTORS.error).count()) === 0, 'the stale error is still shown after Retry');
  },
};
