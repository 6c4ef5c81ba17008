/**
 * What the buttons on answers and code blocks do: copy the whole answer, regenerate it in place,
 * edit and resend the question; wrap a code block, insert it at the cursor or into a new file.
 * Called by the click delegation in webview/app.ts with the button that was clicked.
 */
import type { WebviewMessage } from '../src/protocol';
import { copyText, flashCopied } from './codeBlocks';
import { t } from './i18n';
import type { TurnView } from './state';

export type TurnAction = 'copyAnswer' | 'regenerate' | 'edit';
export type CodeAction = 'wrap' | 'insert' | 'newFile';

interface TurnActionDeps {
  post(m: WebviewMessage): void;
  /** Puts text into the composer for editing, focused. */
  edit(text: string): void;
}

export function onTurnAction(button: HTMLElement, turn: TurnView, deps: TurnActionDeps): void {
  switch (button.getAttribute('data-turn-action') as TurnAction) {
    case 'copyAnswer':
      // The Markdown as written, citations included: pasted into a doc or an issue it stays readable.
      void copyText(turn.answer).then((ok) => flashCopied(button, ok, t('copyAnswer')));
      return;
    case 'regenerate':
      deps.post({ type: 'retry', turnId: turn.turnId });
      return;
    case 'edit':
      deps.edit(turn.question);
      return;
  }
}

export function onCodeAction(button: HTMLElement, post: (m: WebviewMessage) => void): void {
  const block = button.closest('.lore-code');
  const codeEl = block?.querySelector('code');
  if (!block || !codeEl) return;
  const action = button.getAttribute('data-code-action') as CodeAction;
  if (action === 'wrap') {
    const on = block.classList.toggle('wrap');
    button.setAttribute('aria-pressed', String(on));
    return;
  }
  const language = /(?:^|\s)language-([\w+#.-]+)/.exec(codeEl.className)?.[1];
  const code = codeEl.textContent ?? '';
  post({ type: 'insertCode', code, language, target: action === 'newFile' ? 'newFile' : 'cursor' });
}
