// Open the Lore view, ask about handleLogin, see the answer stream in with citations, click one: the editor
// opens the cited file with the cursor inside the cited lines.
import { expect, type Scenario } from '../lib/scenario';
import { LoreView } from '../lib/loreView';

export const askWithCitationsScenario: Scenario = {
  name: 'ask-with-citations',
  needsLoreView: true,
  needsSim: true,
  async run(wb) {
    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await lore.waitForIndexReady();
    await lore.ask('How does handleLogin lock an account after failed attempts?');

    // Streamed: while the turn is streaming its text must be seen at two or more different lengths.
    const lengths = new Set<number>();
    while ((await lore.answerState()) === 'streaming') {
      const text = await lore.answerText();
      if (text) lengths.add(text.length);
      await wb.page.waitForTimeout(40);
    }
    expect((await lore.waitForAnswer(['done', 'error', 'stopped'])) === 'done', `answer ended as ${await lore.answerState()}: ${await lore.errorText()}`);
    expect(lengths.size >= 2, `answer did not stream: saw ${lengths.size} distinct partial length(s)`);

    const citations = await lore.citations();
    const login = citations.find((c) => c.path === 'src/auth/login.ts');
    expect(login, `no citation of src/auth/login.ts; citations: ${JSON.stringify(citations)}`);

    await lore.clickCitation(login.n);
    const deadline = Date.now() + 15_000;
    let state = await wb.editorState();
    while (!(state.relativePath === login.path && state.line !== undefined && state.line >= login.startLine && state.line <= login.endLine)) {
      expect(Date.now() < deadline, `citation [${login.n}] did not open ${login.path}:${login.startLine}-${login.endLine}; editor: ${JSON.stringify(state)}`);
      await wb.page.waitForTimeout(100);
      state = await wb.editorState();
    }
  },
};
