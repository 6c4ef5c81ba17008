import * as vscode from 'vscode';
import { isLoopbackHost, normalizeHost } from '../ollama/host';

const ACKNOWLEDGED_KEY = 'lore.remoteHostNotice.acknowledged';

/**
 * Tells the user, once per host, that workspace text will be sent to an Ollama server on another
 * machine. The privacy promise ("nothing leaves the machine") only holds for loopback hosts, so a
 * remote `lore.ollamaHost` must never go unnoticed. Seen hosts are kept in globalState: dismissing
 * the notice (by a button or by closing it) means it was read.
 */
export class RemoteHostNotice {
  /** Hosts the notice was shown for in this session, in order. */
  readonly shown: string[] = [];
  private readonly showing = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Shows the notice when `host` is remote and not yet acknowledged. Resolves once it is dismissed (or at once). */
  async check(host: string): Promise<void> {
    if (isLoopbackHost(host)) return;
    const key = normalizeHostSafe(host);
    if (this.acknowledged().includes(key) || this.showing.has(key)) return;
    this.showing.add(key);
    this.shown.push(key);
    this.log.warn(`lore.ollamaHost is ${key}: workspace text is sent to that machine for embedding and chat.`);
    try {
      const change = vscode.l10n.t('Change Setting');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Lore sends workspace text to {0}, which is not this machine. Code and documents leave your computer for embedding and chat.', key),
        vscode.l10n.t('OK'),
        change,
      );
      await this.state.update(ACKNOWLEDGED_KEY, [...this.acknowledged().filter((h) => h !== key), key]);
      if (pick === change) await vscode.commands.executeCommand('workbench.action.openSettings', 'lore.ollamaHost');
    } finally {
      this.showing.delete(key);
    }
  }

  acknowledged(): string[] {
    const value = this.state.get<unknown>(ACKNOWLEDGED_KEY);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }
}

function normalizeHostSafe(host: string): string {
  try {
    return normalizeHost(host);
  } catch {
    return host.trim();
  }
}
