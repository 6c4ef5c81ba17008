/**
 * The chat panel: owns the state, applies host messages, and renders what changed once per
 * animation frame (streaming deltas arrive far faster than the screen refreshes).
 */
import { isHostMessage, type ErrorAction, type WebviewMessage } from '../src/protocol';
import { onCodeAction, onTurnAction } from './actions';
import { copyText, flashCopied } from './codeBlocks';
import { Composer } from './composer';
import { h } from './dom';
import { t } from './i18n';
import { Header } from './header';
import { HistoryView } from './historyView';
import { HoverCard } from './hoverCard';
import { icon } from './icons';
import {
  applyHostMessage, isPanelState, visibleSources, withDefaults, type Dirty, type PanelState, initialState,
} from './state';
import { TurnElement } from './turnView';
import type { HostApi } from './vscodeApi';

const SAVE_INTERVAL_MS = 500;

export class App {
  private readonly state: PanelState;
  private readonly header: Header;
  private readonly composer: Composer;
  private readonly list = h('main', { class: 'lore-messages', 'aria-label': t('conversation') });
  private readonly thread = h('div', { class: 'lore-thread' });
  /** Follow new output while the user is at the bottom; stop following once they scroll up. */
  private stick = true;
  private readonly welcome = h('div', { class: 'lore-welcome' },
    icon('book', 'lore-welcome-icon'),
    h('h2', {}, t('welcomeTitle')),
    h('p', {}, t('welcomeBody')));
  private readonly turns = new Map<string, TurnElement>();
  private readonly history: HistoryView;
  private readonly hover: HoverCard;
  private dirty: Dirty = { all: true };
  private frame = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, private readonly host: HostApi<PanelState>) {
    const saved = host.loadState(isPanelState);
    this.state = saved ? withDefaults(saved) : initialState();
    this.header = new Header((m) => this.post(m), () => this.toggleHistory());
    this.composer = new Composer(this.state, (m) => this.post(m), () => this.scheduleSave());
    this.history = new HistoryView((m) => this.post(m), () => this.toggleHistory(false));
    this.history.root.addEventListener('lore-history-changed', () => this.history.update(this.state, true));
    this.list.addEventListener('click', (e) => this.onListClick(e));
    this.hover = new HoverCard(this.list, (turnId, n) => this.state.turns.find((t) => t.turnId === turnId)?.sources.find((s) => s.n === n));
    this.list.addEventListener('scroll', () => {
      this.stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 48;
    }, { passive: true });
    // Components (Lit) and code blocks grow after our render pass, so keep to the bottom on resize.
    const follow = new ResizeObserver(() => {
      if (this.stick) this.list.scrollTop = this.list.scrollHeight;
    });
    follow.observe(this.thread);
    follow.observe(this.list);
    this.list.append(this.welcome, this.thread);
    root.replaceChildren(this.header.root, this.history.root, this.list, this.composer.root);
    // Tab past Send (the last control) wraps to the top instead of dropping focus onto the page body.
    root.addEventListener('keydown', (e) => {
      if (e.key !== 'Tab') return;
      const path = e.composedPath();
      if (!e.shiftKey && path.includes(this.composer.send)) {
        e.preventDefault();
        this.header.firstControl().focus();
      } else if (e.shiftKey && path.includes(this.header.firstControl())) {
        e.preventDefault();
        this.composer.send.focus();
      }
    });
    this.flush();
  }

  /** Entry for `message` events; anything that is not a valid host message is ignored. */
  receive(data: unknown): void {
    if (!isHostMessage(data)) {
      console.warn('Lore: ignored malformed message from host');
      return;
    }
    const d = applyHostMessage(this.state, data);
    this.merge(d);
    this.schedule();
  }

  post(m: WebviewMessage): void {
    this.host.post(m);
  }

  private merge(d: Dirty): void {
    const t = this.dirty;
    t.all ||= d.all;
    t.header ||= d.header;
    t.composer ||= d.composer;
    t.history ||= d.history;
    if (d.replaced) t.replaced = new Set([...(t.replaced ?? []), ...d.replaced]);
    if (d.prefill !== undefined) t.prefill = d.prefill;
    if (d.turns) t.turns = new Set([...(t.turns ?? []), ...d.turns]);
  }

  private schedule(): void {
    if (this.frame) return;
    // rAF does not fire while the view is hidden but retained; the timeout keeps state current.
    const run = () => this.flush();
    const raf = requestAnimationFrame(run);
    const timer = setTimeout(run, 100);
    this.frame = raf;
    this.cancelFrame = () => {
      cancelAnimationFrame(raf);
      clearTimeout(timer);
    };
  }

  private cancelFrame = () => {};

  private flush(): void {
    this.cancelFrame();
    this.frame = 0;
    const d = this.dirty;
    this.dirty = {};
    if (d.all) {
      this.turns.clear();
      this.thread.replaceChildren();
      this.stick = true;
    }
    for (const id of d.replaced ?? []) this.turns.get(id)?.markReplaced();
    if (d.all || d.header || d.history || d.composer) this.header.update(this.state);
    if (d.all || d.history) this.history.update(this.state);
    this.history.root.hidden = !this.state.historyOpen;
    this.list.hidden = this.state.historyOpen;
    if (d.all || d.composer || d.prefill !== undefined) this.composer.update(d.prefill);
    const ids = d.all ? this.state.turns.map((t) => t.turnId) : [...(d.turns ?? [])];
    for (const id of ids) this.renderTurn(id);
    this.welcome.hidden = this.state.turns.length > 0;
    if (this.stick) this.list.scrollTop = this.list.scrollHeight;
    this.scheduleSave();
  }

  private renderTurn(turnId: string): void {
    const turn = this.state.turns.find((t) => t.turnId === turnId);
    if (!turn) return;
    let el = this.turns.get(turnId);
    if (!el) {
      el = new TurnElement(turnId);
      this.turns.set(turnId, el);
      this.thread.append(el.root);
    }
    if (el.replaced) {
      // Retry/Regenerate: a fresh element takes the old one's place (not a new turn at the bottom).
      const old = el;
      el = new TurnElement(turnId);
      this.turns.set(turnId, el);
      old.root.replaceWith(el.root);
      el.root.scrollIntoView({ block: 'nearest' });
    }
    el.update(turn, visibleSources(this.state, turn));
  }

  /** Shows the History list instead of the conversation (or back). */
  toggleHistory(open = !this.state.historyOpen): void {
    this.state.historyOpen = open;
    this.hover.hide();
    this.history.update(this.state, true);
    this.flush();
    if (open) this.history.focus();
    else this.composer.focus();
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.host.saveState(this.state);
    }, SAVE_INTERVAL_MS);
  }

  private onListClick(e: Event): void {
    const target = e.target instanceof Element ? e.target : null;
    const turnId = target?.closest('[data-turn-id]')?.getAttribute('data-turn-id');
    if (!target || !turnId) return;
    const cite = target.closest('[data-cite], [data-source]');
    if (cite) {
      const n = Number(cite.getAttribute('data-cite') ?? cite.getAttribute('data-source'));
      if (Number.isInteger(n) && n > 0) this.post({ type: 'openSource', turnId, n });
      return;
    }
    const copy = target.closest<HTMLElement>('.lore-copy');
    if (copy) {
      const code = copy.closest('.lore-code')?.querySelector('code')?.textContent ?? '';
      void copyText(code).then((ok) => flashCopied(copy, ok));
      return;
    }
    const codeAction = target.closest<HTMLElement>('[data-code-action]');
    if (codeAction) return onCodeAction(codeAction, (m) => this.post(m));
    const turnAction = target.closest<HTMLElement>('[data-turn-action]');
    if (turnAction) {
      const turn = this.state.turns.find((t) => t.turnId === turnId);
      if (turn) onTurnAction(turnAction, turn, { post: (m) => this.post(m), edit: (text) => this.composer.edit(text) });
      return;
    }
    const action = target.closest('[data-action]');
    if (action) this.onAction(action.getAttribute('data-action') as ErrorAction, turnId, action.getAttribute('data-model'));
  }

  private onAction(kind: ErrorAction, turnId: string, model: string | null): void {
    if (kind === 'pullModel' && model) this.post({ type: 'pullModel', model });
    else if (kind === 'retry') this.post({ type: 'retry', turnId });
    else if (kind === 'openSetup' || kind === 'showLog') this.post({ type: 'action', kind });
  }
}
