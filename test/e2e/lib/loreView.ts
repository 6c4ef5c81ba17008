// Drives Lore's chat webview (`lore.chat` in the `lore` activity bar container) through the DOM that webview/
// builds (webview/composer.ts, webview/turnView.ts, webview/markdown.ts). Every selector the scenarios rely on
// is here, so a change in the webview's markup is one edit.
import type { Frame, Locator } from 'playwright-core';
import type { Workbench } from './workbench';

export const LORE_SELECTORS = {
  /** vscode-textarea host; the real <textarea> sits in its (open) shadow root, which CSS locators pierce. */
  input: '.lore-input textarea',
  /** Send button; while an answer streams it is the Stop button (aria-label "Stop generating"). */
  send: '.lore-send',
  turn: 'article.lore-turn',
  answer: '.lore-answer',
  /** `[n]` chips in the answer: data-cite=n, title="path:start-end". */
  cite: '.lore-cite[data-cite]',
  /** Source list under the answer: data-source=n, label in .lore-source-path. */
  source: '.lore-source[data-source]',
  error: '.lore-error',
  note: '.lore-note',
  /** vscode-collapsible "Thinking" section of a turn; its text in .lore-thinking-text. */
  thinking: 'vscode-collapsible.lore-thinking',
  thinkingText: '.lore-thinking-text',
  selectionChip: '.lore-selection-chip',
  selectionRef: '.lore-selection-ref',
} as const;

export type AnswerState = 'streaming' | 'done' | 'stopped' | 'error';

export interface Citation {
  n: number;
  path: string;
  startLine: number;
  endLine: number;
}

/** "src/auth/login.ts:21-45" or "README.md:3" (as webview/dom.ts locationLabel writes it). */
export function parseLocation(label: string): { path: string; startLine: number; endLine: number } | undefined {
  const m = /^(.*):(\d+)(?:-(\d+))?(?: \(.*\))?$/.exec(label.trim());
  if (!m) return undefined;
  return { path: m[1]!, startLine: Number(m[2]), endLine: Number(m[3] ?? m[2]) };
}

export class LoreView {
  private constructor(
    readonly workbench: Workbench,
    readonly frame: Frame,
  ) {}

  /** Opens the Lore activity bar container and finds the chat webview's frame. */
  static async open(workbench: Workbench): Promise<LoreView> {
    await workbench.openView('Lore');
    try {
      return new LoreView(workbench, await workbench.findFrame({ selector: '.lore-composer' }, 15_000));
    } catch {
      // After a window reload the container can be "active" with the side bar hidden: ask for the view itself.
      await workbench.runCommand('Lore: Focus on Chat View');
      return LoreView.attach(workbench);
    }
  }

  /** Finds the already visible chat webview (e.g. after a command revealed it). */
  static async attach(workbench: Workbench): Promise<LoreView> {
    return new LoreView(workbench, await workbench.findFrame({ selector: '.lore-composer' }, 60_000));
  }

  /** Waits for the header's index line to say the workspace index is ready (webview/header.ts). */
  async waitForIndexReady(timeoutMs = 60_000): Promise<void> {
    await this.frame.locator('.lore-index-ready').waitFor({ state: 'attached', timeout: timeoutMs });
  }

  input(): Locator {
    return this.frame.locator(LORE_SELECTORS.input);
  }

  turnCount(): Promise<number> {
    return this.frame.locator(LORE_SELECTORS.turn).count();
  }

  /** Types `question` and presses Enter; resolves once the new turn is on screen. */
  async ask(question: string): Promise<void> {
    const before = await this.turnCount();
    await this.input().fill(question);
    await this.input().press('Enter');
    await this.waitForTurnCount(before + 1);
  }

  /** Sends what is already in the composer (e.g. prefilled by Ask About Selection). */
  async send(): Promise<void> {
    const before = await this.turnCount();
    await this.input().press('Enter');
    await this.waitForTurnCount(before + 1);
  }

  private async waitForTurnCount(n: number): Promise<void> {
    await this.frame.locator(LORE_SELECTORS.turn).nth(n - 1).waitFor({ timeout: 15_000 });
  }

  lastTurn(): Locator {
    return this.frame.locator(LORE_SELECTORS.turn).last();
  }

  async answerState(): Promise<AnswerState> {
    const turn = this.lastTurn();
    if ((await turn.getAttribute('class'))?.split(/\s+/).includes('streaming')) return 'streaming';
    if (await turn.locator(LORE_SELECTORS.error).count()) return 'error';
    if (await turn.locator(LORE_SELECTORS.note, { hasText: 'Stopped' }).count()) return 'stopped';
    return 'done';
  }

  /** Waits until the last answer is in one of `states`; returns the state it reached. */
  async waitForAnswer(states: AnswerState[] = ['done'], timeoutMs = 60_000): Promise<AnswerState> {
    const deadline = Date.now() + timeoutMs;
    let state: AnswerState | undefined;
    for (;;) {
      state = await this.answerState().catch(() => undefined);
      if (state && states.includes(state)) return state;
      if (Date.now() > deadline) throw new Error(`answer never reached ${states.join('|')} (last state: ${state})`);
      await this.frame.page().waitForTimeout(100);
    }
  }

  async answerText(): Promise<string> {
    return (await this.lastTurn().locator(LORE_SELECTORS.answer).innerText().catch(() => '')).trim();
  }

  async errorText(): Promise<string> {
    return (await this.lastTurn().locator(LORE_SELECTORS.error).innerText().catch(() => '')).trim();
  }

  /** The `[n]` chips of the last answer, with the location each one points at. */
  async citations(): Promise<Citation[]> {
    const raw = await this.lastTurn()
      .locator(`${LORE_SELECTORS.answer} ${LORE_SELECTORS.cite}`)
      .evaluateAll((chips) => chips.map((c) => ({ n: Number(c.getAttribute('data-cite')), title: c.getAttribute('title') ?? '' })));
    return raw.flatMap(({ n, title }) => {
      const loc = parseLocation(title);
      return loc ? [{ n, ...loc }] : [];
    });
  }

  clickCitation(n: number): Promise<void> {
    return this.lastTurn().locator(`${LORE_SELECTORS.answer} ${LORE_SELECTORS.cite}[data-cite="${n}"]`).first().click();
  }

  /** Opens the last turn's collapsed Thinking section by clicking its header; returns the visible reasoning. */
  async expandThinking(): Promise<string> {
    const box = this.lastTurn().locator(LORE_SELECTORS.thinking);
    await box.waitFor({ timeout: 10_000 });
    const isOpen = () => box.evaluate((el) => (el as HTMLElement & { open?: boolean }).open === true);
    if (!(await isOpen())) await box.click({ position: { x: 24, y: 10 } });
    const deadline = Date.now() + 5_000;
    while (!(await isOpen())) {
      if (Date.now() > deadline) throw new Error('the Thinking section did not open when its header was clicked');
      await this.frame.page().waitForTimeout(100);
    }
    const text = this.lastTurn().locator(LORE_SELECTORS.thinkingText);
    await text.waitFor({ state: 'visible', timeout: 5_000 });
    return (await text.innerText()).trim();
  }

  /** Scrolls the conversation so that `selector` (in the last turn) is at the top of the view. */
  async scrollToInLastTurn(selector: string): Promise<void> {
    await this.lastTurn().locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await this.frame.page().waitForTimeout(200);
  }

  async clickStop(): Promise<void> {
    await this.frame.locator(`${LORE_SELECTORS.send}[aria-label="Stop generating"]`).click();
  }
}
