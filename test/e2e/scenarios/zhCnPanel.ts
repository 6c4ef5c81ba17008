// Run with LORE_E2E_LOCALE=zh-cn (test/e2e/run.sh): the chat panel and the view name in Simplified Chinese,
// a question in Chinese answered with citations; screenshots conversation-zh-cn-{light,dark}.png (the README
// shows the light one, docs/images/conversation-zh-cn.png).
import { expect, type Scenario } from '../lib/scenario';
import { LoreView } from '../lib/loreView';
import { themedScreenshots } from './askWithCitations';

export const zhCnPanelScenario: Scenario = {
  name: 'zh-cn-panel',
  needsSim: true,
  async run(wb) {
    await wb.waitForWorkspace();
    const lore = await LoreView.open(wb);
    await wb.setSideBarWidth(440);
    await lore.waitForIndexReady();

    const html = lore.frame.locator('html');
    expect((await html.getAttribute('lang'))?.toLowerCase() === 'zh-cn', `webview <html lang> is ${await html.getAttribute('lang')}`);
    const placeholder = (await lore.frame.locator('.lore-input').getAttribute('placeholder')) ?? '';
    expect(placeholder.startsWith('就工作区提问'), `composer placeholder: "${placeholder}"`);
    const send = (await lore.frame.locator('.lore-send').innerText()).trim();
    expect(send === '发送', `Send button reads "${send}"`);
    const title = await wb.page.locator('.sidebar .composite.title').innerText();
    expect(title.includes('聊天'), `side bar title (package.nls.zh-cn.json view name): "${title}"`);

    await lore.ask('handleLogin 在多次登录失败后如何锁定账户？');
    const state = await lore.waitForAnswer(['done', 'error', 'stopped']);
    expect(state === 'done', `answer ended as ${state}: ${await lore.errorText()}`);
    const login = (await lore.citations()).find((c) => c.path === 'src/auth/login.ts');
    expect(login, 'no citation of src/auth/login.ts');
    const sources = (await lore.lastTurn().locator('.lore-sources .lore-section-title').innerText()).trim();
    expect(/^来源（\d+）$/.test(sources), `sources heading: "${sources}"`);

    // The cited file next to the panel, as in the English README screenshots.
    await lore.clickCitation(login.n);
    await wb.page.waitForTimeout(1500);
    await themedScreenshots(wb, 'conversation-zh-cn', () => lore.scrollToInLastTurn('.lore-question'));
  },
};
