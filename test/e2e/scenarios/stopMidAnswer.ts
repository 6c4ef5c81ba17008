// Stop mid-answer: with slow tokens, press Stop while the answer streams; the turn says "Stopped", the text
// stops growing and the composer can send again.
import { expect, type Scenario } from '../lib/scenario';
import { LoreView } from '../lib/loreView';
import { startSim, stopSim } from '../lib/sim';

export const stopMidAnswerScenario: Scenario = {
  name: 'stop-mid-answer',
  needsSim: true,
  async run(wb) {
    await stopSim();
    await startSim(wb.env, ['--token-latency-ms', '150']);
    try {
      await wb.waitForWorkspace();
      const lore = await LoreView.open(wb);
      await lore.waitForIndexReady();
      await lore.ask('Explain handleLogin step by step.');
      const deadline = Date.now() + 30_000;
      while ((await lore.answerText()).length === 0) {
        expect(Date.now() < deadline, 'no answer text appeared');
        expect((await lore.answerState()) === 'streaming', `answer ended before Stop: ${await lore.answerState()}`);
        await wb.page.waitForTimeout(100);
      }
      await lore.clickStop();
      expect((await lore.waitForAnswer(['stopped', 'done', 'error'], 10_000)) === 'stopped', `state after Stop: ${await lore.answerState()}`);
      const atStop = await lore.answerText();
      await wb.page.waitForTimeout(1500);
      expect((await lore.answerText()) === atStop, 'answer kept growing after Stop');
      await lore.ask('Where is LOCKOUT_MS defined?');
      expect((await lore.waitForAnswer(['streaming', 'done'], 15_000)) !== undefined, 'could not ask again after Stop');
    } finally {
      await stopSim();
      await startSim(wb.env);
    }
  },
};
