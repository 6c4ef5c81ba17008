// The contract between the browser scenarios and Lore's chat webview (`lore.chat` in the `lore` container).
// The webview must expose these data-testid hooks; see test/e2e/README.md.
import type { Frame, Locator } from 'playwright-core';
import type { Workbench } from './workbench';

export const LORE_SELECTORS = {
  input: '[data-testid="lore-input"]',
  send: '[data-testid="lore-send"]',
  stop: '[data-testid="lore-stop"]',
  /** One per turn; data-role="user"|"assistant", data-state="streaming"|"done"|"stopped"|"error" on answers. */
  message: '[data-testid="lore-message"]',
  /** Citation links inside an answer, with data-path (workspace-relative) and data-line (1-based). */
  citation: '[data-testid="lore-citation"]',
  /** A user-facing error (e.g. "Ollama is not reachable at ..."). */
  error: '[data-testid="lore-error"]',
} as const;

export type AnswerState = 'streaming' | 'done' | 'stopped' | 'error';

export interface Citation {
  path: string;
  line: number;
  text: string;
}

export class LoreView {
  private constructor(
    readonly workbench: Workbench,
    readonly frame: Frame,
  ) {}

  /** Opens the Lore activity bar container and finds the chat webview's frame. */
  static async open(workbench: Workbench): Promise<LoreView> {
    await workbench.openView('Lore');
    return LoreView.attach(workbench);
  }

  /** Finds the already visible chat webview (e.g. after a command revealed it). */
  static async attach(workbench: Workbench): Promise<LoreView> {
    return new LoreView(workbench, await workbench.findFrame({ selector: LORE_SELECTORS.input }, 60_000));
  }

  async ask(question: string): Promise<void> {
    const input = this.frame.locator(LORE_SELECTORS.input);
    await input.fill(question);
    await input.press('Enter');
  }

  lastAnswer(): Locator {
    return this.frame.locator(`${LORE_SELECTORS.message}[data-role="assistant"]`).last();
  }

  async answerState(): Promise<AnswerState | undefined> {
    return ((await this.lastAnswer().getAttribute('data-state').catch(() => null)) ?? undefined) as AnswerState | undefined;
  }

  /** Waits until the last answer is in one of `states`; returns the state it reached. */
  async waitForAnswer(states: AnswerState[] = ['done'], timeoutMs = 60_000): Promise<AnswerState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.answerState();
      if (state && states.includes(state)) return state;
      if (Date.now() > deadline) throw new Error(`answer never reached ${states.join('|')} (last state: ${state})`);
      await this.frame.page().waitForTimeout(100);
    }
  }

  async answerText(): Promise<string> {
    return (await this.lastAnswer().innerText().catch(() => '')).trim();
  }

  async citations(): Promise<Citation[]> {
    return this.lastAnswer()
      .locator(LORE_SELECTORS.citation)
      .evaluateAll((links) =>
        links.map((a) => ({
          path: a.getAttribute('data-path') ?? '',
          line: Number(a.getAttribute('data-line')),
          text: (a as HTMLElement).innerText,
        })),
      );
  }
}
