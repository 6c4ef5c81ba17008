/** Code blocks in rendered answers: a header with the language, wrap, insert, new file and copy buttons. */
import { h } from './dom';
import { t } from './i18n';
import { icon, type IconName } from './icons';

/** Wraps every `<pre><code>` of `root` in a block with a header; the click is handled in app.ts. */
export function enhanceCodeBlocks(root: DocumentFragment | Element): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const lang = /(?:^|\s)language-([\w+#.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    const copy = h('button', { type: 'button', class: 'lore-copy', title: t('copyCode'), 'aria-label': t('copyCode') }, icon('copy'));
    const tool = (action: string, label: string, name: IconName, extra: Record<string, string> = {}) =>
      h('button', { type: 'button', class: 'lore-code-tool', 'data-code-action': action, title: label, 'aria-label': label, ...extra }, icon(name));
    const header = h('div', { class: 'lore-code-header' }, h('span', { class: 'lore-code-lang' }, lang),
      h('span', { class: 'lore-code-tools' },
        tool('wrap', t('wrapLines'), 'wrap', { 'aria-pressed': 'false' }),
        tool('insert', t('insertAtCursor'), 'insert'),
        tool('newFile', t('openInNewFile'), 'newFile'),
        copy));
    const block = h('div', { class: 'lore-code' });
    pre.replaceWith(block);
    block.append(header, pre);
  }
}

/** Copies text; falls back to a hidden textarea + execCommand where the Clipboard API is refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'lore-offscreen', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } finally {
      area.remove();
    }
  }
}

/** Shows a check mark on the copy button for a moment. */
export function flashCopied(button: HTMLElement, ok: boolean, label = t('copyCode')): void {
  const before = Array.from(button.childNodes);
  button.replaceChildren(icon(ok ? 'check' : 'error'), ...before.filter((n) => n.nodeType === Node.TEXT_NODE));
  button.setAttribute('aria-label', ok ? t('copied') : t('copyFailed'));
  setTimeout(() => {
    button.replaceChildren(...before);
    button.setAttribute('aria-label', label);
  }, 1500);
}
