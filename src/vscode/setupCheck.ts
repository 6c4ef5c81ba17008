/**
 * What the start-up health check and the getting-started walkthrough decide, without `vscode`, so it
 * runs under plain Node tests: is Ollama reachable, are the configured models installed, which
 * notification (if any) to show, which walkthrough steps are done, and how to word pull progress.
 * src/vscode/healthCheck.ts and src/vscode/walkthrough.ts turn these decisions into UI.
 */
import { OllamaError, sameModel, type PullProgress } from '../ollama';
import type { WorkspaceStatus } from '../indexer/workspaceIndex';
import { english, type Translate } from './translate';

/** The part of OllamaClient the check needs (a fake in tests, the real client over loopback too). */
export interface SetupProbe {
  readonly host: string;
  version(signal?: AbortSignal): Promise<string>;
  listModels(signal?: AbortSignal): Promise<{ name: string }[]>;
}

export interface SetupModels {
  embedding: string;
  chat: string;
}

export interface ModelState {
  name: string;
  role: 'embedding' | 'chat';
  installed: boolean;
}

export type SetupReport =
  | { host: string; reachable: false; advice: string }
  | { host: string; reachable: true; version: string; models: ModelState[] };

/** Asks Ollama for its version and model list; never throws except when `signal` aborts. */
export async function checkSetup(probe: SetupProbe, models: SetupModels, signal?: AbortSignal): Promise<SetupReport> {
  const host = probe.host;
  try {
    const version = await probe.version(signal);
    const installed = (await probe.listModels(signal)).map((m) => m.name);
    const state = (name: string, role: ModelState['role']): ModelState => ({ name, role, installed: installed.some((i) => sameModel(i, name)) });
    // One model can serve both roles only in odd setups; list it once so it is not pulled twice.
    const list = [state(models.embedding, 'embedding')];
    if (!sameModel(models.chat, models.embedding)) list.push(state(models.chat, 'chat'));
    return { host, reachable: true, version, models: list };
  } catch (err) {
    if (signal?.aborted) throw err;
    const advice = err instanceof OllamaError ? err.advice : `Ollama at ${host} could not be checked: ${String(err)}`;
    return { host, reachable: false, advice };
  }
}

export function missingModels(report: SetupReport): ModelState[] {
  return report.reachable ? report.models.filter((m) => !m.installed) : [];
}

export type SetupAction = 'openSetup' | 'retry' | 'pull';

export interface SetupNotice {
  kind: 'unreachable' | 'models-missing';
  message: string;
  /** Buttons, in order; the title is what the user sees. */
  actions: { title: string; action: SetupAction }[];
}

/**
 * The one notification a report calls for, or undefined when Lore is ready to go. `t` is vscode.l10n.t in
 * the extension (this module stays free of vscode); Ollama's own advice is passed through as it comes.
 */
export function noticeFor(report: SetupReport, t: Translate = english): SetupNotice | undefined {
  if (!report.reachable) {
    return {
      kind: 'unreachable',
      message: t('Lore: {0} Until then Lore can only search by keyword.', /[.!?]$/.test(report.advice) ? report.advice : `${report.advice}.`),
      actions: [{ title: t('Open Setup Guide'), action: 'openSetup' }, { title: t('Retry'), action: 'retry' }],
    };
  }
  const missing = missingModels(report);
  if (missing.length === 0) return undefined;
  const named = missing.map((m) => `${m.name} (${m.role === 'embedding' ? t('embedding') : t('chat')})`);
  const names = named.length === 2 ? t('{0} and {1}', named[0]!, named[1]!) : named.join(', ');
  return {
    kind: 'models-missing',
    message: missing.length === 1
      ? t('Lore: model {0} is not installed in Ollama at {1}.', names, report.host)
      : t('Lore: models {0} are not installed in Ollama at {1}.', names, report.host),
    actions: [{ title: missing.length === 1 ? t('Pull') : t('Pull Models'), action: 'pull' }, { title: t('Open Setup Guide'), action: 'openSetup' }],
  };
}

/**
 * "Not nagging": the first notice of a session is shown; once the user closes it or picks anything
 * but Retry, no further notice appears until the window reloads. Retry is a question the user asked,
 * so its answer is shown even when it repeats the problem.
 */
export class NoticeGate {
  private dismissed = false;

  /** Whether a notice may be shown now; `requested` = the user asked for this check (Retry, a command). */
  allows(requested: boolean): boolean {
    return requested || !this.dismissed;
  }

  /** Records what the user did with a shown notice (undefined = closed it). */
  answered(action: SetupAction | undefined): void {
    if (action !== 'retry') this.dismissed = true;
  }
}

/** Context keys the walkthrough's steps complete on (package.json `completionEvents: onContext:`). */
export const WALKTHROUGH_KEYS = {
  reachable: 'lore.walkthrough.ollamaReachable',
  models: 'lore.walkthrough.modelsReady',
  indexed: 'lore.walkthrough.indexed',
  asked: 'lore.walkthrough.asked',
} as const;

export type WalkthroughStep = keyof typeof WALKTHROUGH_KEYS;

/** The `steps[].id` of each step in package.json's `lore.gettingStarted` walkthrough. */
export const WALKTHROUGH_STEP_IDS: Record<WalkthroughStep, string> = {
  reachable: 'ollama',
  models: 'models',
  indexed: 'index',
  asked: 'ask',
};

export interface WalkthroughFacts {
  report?: SetupReport;
  index?: WorkspaceStatus;
  asked?: boolean;
}

/** Which steps are done. "Indexed" needs vectors: a paused (keyword-only) index is not done yet. */
export function walkthroughSteps(f: WalkthroughFacts): Record<WalkthroughStep, boolean> {
  const reachable = f.report?.reachable === true;
  return {
    reachable,
    models: reachable && missingModels(f.report!).length === 0,
    indexed: f.index?.state === 'ready' && f.index.chunks > 0,
    asked: f.asked === true,
  };
}

/** One line for a pull progress notification: "nomic-embed-text: pulling 970aa74c0a90 - 45% (123 MB of 274 MB)". */
export function describePull(model: string, p: PullProgress): string {
  const status = p.status.replace(/^pulling ([0-9a-f]{12})[0-9a-f]+$/, 'pulling $1');
  if (p.total && p.total > 0 && p.completed !== undefined) {
    const pct = Math.min(100, Math.floor((p.completed / p.total) * 100));
    return `${model}: ${status} - ${pct}% (${megabytes(p.completed)} of ${megabytes(p.total)})`;
  }
  return `${model}: ${status}`;
}

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
