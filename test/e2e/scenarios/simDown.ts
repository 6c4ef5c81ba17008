// Ollama goes away (ollama-sim stopped): asking shows a user-facing error that names the host and says what to
// do, instead of a raw "fetch failed".
import { expect, type Scenario } from '../lib/scenario';
import { LoreView } from '../lib/loreView';
import { startSim, stopSim } from '../lib/sim';

export const simDownScenario: Scenario = {
  name: 'ollama-down',
  needsLoreView: true,
  needsSim: true,
  async run(wb) {
    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await lore.waitForIndexReady();
    await stopSim();
    try {
      await lore.ask('How does handleLogin lock an account?');
      expect((await lore.waitForAnswer(['error', 'done', 'stopped'], 60_000)) === 'error', `answer ended as ${await lore.answerState()}`);
      const error = await lore.errorText();
      expect(/not reachable|ollama serve/i.test(error), `error is not advice: "${error}"`);
      expect(error.includes(wb.env.ollamaHost), `error does not name the host ${wb.env.ollamaHost}: "${error}"`);
      expect(!/fetch failed|ECONNREFUSED/.test(error), `raw error shown to the user: "${error}"`);
    } finally {
      await startSim(wb.env);
    }
  },
};
