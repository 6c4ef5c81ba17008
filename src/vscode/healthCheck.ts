import * as vscode from 'vscode';
import type { OllamaClient } from '../ollama';
import type { LoreSettings } from '../settings';
import { Disposable, toAbortSignal } from './lifecycle';
import { checkSetup, describePull, missingModels, noticeFor, NoticeGate, type SetupAction, type SetupReport } from './setupCheck';

export interface HealthCheckDeps {
  /** The client for the current `lore.ollamaHost` (IndexService's, so host changes are followed). */
  client: () => Promise<OllamaClient>;
  settings: () => LoreSettings;
  log: vscode.LogOutputChannel;
  /** After Ollama became usable (reachable with its models, or a pull finished): resume paused indexing. */
  onReady: () => void;
}

/**
 * Checks Ollama once on start (and again when its host or models change), with at most one
 * notification per session (setupCheck.ts NoticeGate). Owns the `lore.checkOllama`, `lore.pullModels`
 * and `lore.openSetup` commands that the notice, the walkthrough and the chat's error actions use.
 */
/** Follows a pull: its progress per model, and why one failed. */
export interface PullListener {
  progress?: (name: string, p: { status: string; completed?: number; total?: number }) => void;
  failed?: (name: string, advice: string) => void;
}

export class HealthCheck extends Disposable {
  private readonly gate = new NoticeGate();
  private readonly reported = this.register(new vscode.EventEmitter<SetupReport>());
  /** Every finished check, for the walkthrough. */
  readonly onReport = this.reported.event;
  private last: SetupReport | undefined;
  private pulling: Promise<void> | undefined;
  private showing = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: HealthCheckDeps,
  ) {
    super();
    this.register(vscode.commands.registerCommand('lore.checkOllama', () => this.run(true)));
    this.register(vscode.commands.registerCommand('lore.pullModels', () => this.pullMissing()));
    this.register(vscode.commands.registerCommand('lore.openSetup', () => this.openSetupGuide()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!['ollamaHost', 'embeddingModel', 'chatModel'].some((k) => e.affectsConfiguration(`lore.${k}`))) return;
        this.run(false).catch((err: unknown) => this.deps.log.warn(`Ollama check failed: ${String(err)}`));
      }),
    );
  }

  get lastReport(): SetupReport | undefined {
    return this.last;
  }

  /** One check, then its notice. `requested`: the user asked (command, Retry), so the outcome is always shown. */
  async run(requested: boolean): Promise<SetupReport> {
    const report = await this.check();
    await this.notify(report, requested);
    return report;
  }

  private async check(): Promise<SetupReport> {
    const s = this.deps.settings();
    const client = await this.deps.client();
    const report = await checkSetup(client, { embedding: s.embeddingModel, chat: s.chatModel });
    this.last = report;
    this.deps.log.info(
      report.reachable
        ? `Ollama ${report.version} at ${report.host}: ${report.models.map((m) => `${m.name} ${m.installed ? 'installed' : 'MISSING'}`).join(', ')}`
        : `Ollama check: ${report.advice}`,
    );
    this.reported.fire(report);
    if (noticeFor(report) === undefined) this.deps.onReady();
    return report;
  }

  private async notify(report: SetupReport, requested: boolean): Promise<void> {
    const notice = noticeFor(report, vscode.l10n.t);
    if (!notice) {
      if (requested && report.reachable) {
        const models = report.models.map((m) => m.name);
        const names = models.length === 2 ? vscode.l10n.t('{0} and {1}', models[0]!, models[1]!) : models.join(', ');
        void vscode.window.showInformationMessage(vscode.l10n.t('Lore: Ollama {0} at {1} is ready with {2}.', report.version, report.host, names));
      }
      return;
    }
    // One toast at a time: a settings change while the first is still open must not stack a second.
    if (!this.gate.allows(requested) || this.showing) return;
    const show = notice.kind === 'unreachable' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    this.showing = true;
    let picked: string | undefined;
    try {
      picked = await show(notice.message, ...notice.actions.map((a) => a.title));
    } finally {
      this.showing = false;
    }
    const action = notice.actions.find((a) => a.title === picked)?.action;
    this.gate.answered(action);
    await this.perform(action);
  }

  private async perform(action: SetupAction | undefined): Promise<void> {
    if (action === 'retry') await this.run(true);
    else if (action === 'pull') await this.pullMissing();
    else if (action === 'openSetup') await this.openSetupGuide();
  }

  /** Pulls every configured model Ollama lacks, with a cancellable progress notification. */
  pullMissing(): Promise<void> {
    this.pulling ??= this.doPull().finally(() => (this.pulling = undefined));
    return this.pulling;
  }

  private async doPull(): Promise<void> {
    const report = await this.check();
    const missing = missingModels(report);
    if (!report.reachable || missing.length === 0) return this.notify(report, true);
    await this.pullModels(missing.map((m) => m.name));
    await this.run(true);
  }

  /**
   * Pulls `names` one after another under one cancellable progress notification; an error is shown and
   * logged. Resolves true when every model was pulled. The one pull of Lore: also used by the
   * English-only-embedder notice and the chat panel's Pull button (which follows it through `listener`).
   */
  async pullModels(names: string[], listener?: PullListener): Promise<boolean> {
    const client = await this.deps.client();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Lore: pulling'), cancellable: true },
      async (progress, token) => {
        const signal = toAbortSignal(token);
        for (const name of names) {
          try {
            for await (const p of client.pull(name, signal)) {
              progress.report({ message: describePull(name, p) });
              listener?.progress?.(name, p);
            }
            this.deps.log.info(`Pulled ${name}`);
          } catch (err) {
            const advice = err && typeof err === 'object' && 'advice' in err ? String(err.advice) : String(err);
            listener?.failed?.(name, signal.aborted ? vscode.l10n.t('Cancelled') : advice);
            if (signal.aborted) return false;
            this.deps.log.error(`Pulling ${name} failed: ${advice}`);
            void vscode.window.showErrorMessage(vscode.l10n.t('Lore: pulling {0} failed: {1}', name, advice));
            return false;
          }
        }
        return true;
      },
    );
  }

  /** The setup guide bundled in the extension, so it also opens offline; it links to ollama.com. */
  async openSetupGuide(): Promise<void> {
    // Simplified Chinese display languages get media/SETUP.zh-cn.md (as webview/i18n.ts picks the panel's strings).
    const zh = /^zh(-(cn|hans|sg)(-|$)|$)/i.test(vscode.env.language);
    const guide = vscode.Uri.joinPath(this.extensionUri, 'media', zh ? 'SETUP.zh-cn.md' : 'SETUP.md');
    try {
      await vscode.commands.executeCommand('markdown.showPreview', guide);
    } catch (err) {
      // The built-in Markdown extension can be disabled: show the source instead of nothing.
      this.deps.log.warn(`Markdown preview unavailable (${String(err)}); opening ${guide.path.split('/').pop()} as text`);
      await vscode.window.showTextDocument(guide, { preview: true });
    }
  }
}
