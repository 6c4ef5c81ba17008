// Open the Lore view, ask about handleLogin, see the answer stream in with citations, expand the Thinking
// section, click a citation: the editor opens the cited file with the cursor inside the cited lines.
// Also takes the README's panel screenshots (light and dark theme): conversation-light.png, conversation-dark.png.
import { expect, type Scenario } from '../lib/scenario';
import { LoreView } from '../lib/loreView';
import type { Workbench } from '../lib/workbench';

/** The side bar and the editor next to it, at the panel width the README shows. */
export const PANEL_CLIP = { x: 0, y: 0, width: 1000, height: 800 };

/** Screenshots of the same state in a light and a dark theme; leaves the workbench in the theme it had. */
export async function themedScreenshots(wb: Workbench, name: string, prepare?: () => Promise<void>): Promise<void> {
  const original = await wb.themeKind();
  for (const [theme, kind] of [['Light Modern', 'vs'], ['Dark Modern', 'vs-dark']] as const) {
    if ((await wb.themeKind()) !== kind) await wb.setColorTheme(theme, kind);
    await prepare?.();
    await wb.parkMouse();
    await wb.screenshot(`${name}-${kind === 'vs' ? 'light' : 'dark'}`, PANEL_CLIP);
  }
  if (original === 'vs' || original === 'vs-dark') await wb.setColorTheme(original === 'vs' ? 'Light Modern' : 'Dark Modern', original);
}

export const askWithCitationsScenario: Scenario = {
  name: 'ask-with-citations',
  needsSim: true,
  async run(wb) {
    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await wb.setSideBarWidth(440);
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
    const login = citations.find((c) => c.path === 'src/auth/login.ts' && c.startLine <= 25 && c.endLine >= 25);
    expect(login, `no citation of handleLogin (src/auth/login.ts, line 25); citations: ${JSON.stringify(citations)}`);

    const thinking = await lore.expandThinking();
    expect(thinking.length > 20, `Thinking section is empty after expanding: "${thinking}"`);
    const answer = await lore.answerText();
    expect(!answer.includes(thinking.slice(0, 40)), 'the reasoning is repeated in the answer');
    expect(!/<\/?think>/.test(answer), 'raw <think> tags in the answer');

    await lore.clickCitation(login.n);
    const deadline = Date.now() + 15_000;
    let state = await wb.editorState();
    while (!(state.relativePath === login.path && state.line !== undefined && state.line >= login.startLine && state.line <= login.endLine)) {
      expect(Date.now() < deadline, `citation [${login.n}] did not open ${login.path}:${login.startLine}-${login.endLine}; editor: ${JSON.stringify(state)}`);
      await wb.page.waitForTimeout(100);
      state = await wb.editorState();
    }

    await themedScreenshots(wb, 'conversation', () => lore.scrollToInLastTurn('.lore-question'));
  },
};
