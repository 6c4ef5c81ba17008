import * as vscode from 'vscode';
import type { WorkspaceStatus } from '../indexer/workspaceIndex';
import type { WebviewMessage } from '../protocol';
import { Disposable } from './lifecycle';
import { WALKTHROUGH_KEYS, WALKTHROUGH_STEP_IDS, walkthroughSteps, type SetupReport, type WalkthroughFacts, type WalkthroughStep } from './setupCheck';

/** `contributes.walkthroughs[].id`, qualified by the extension id for `workbench.action.openWalkthrough`. */
export const WALKTHROUGH_ID = 'lore.gettingStarted';

/**
 * Keeps the context keys of the getting-started walkthrough (package.json `completionEvents`) in step
 * with what actually happened: each key is set once its condition holds, so every step ticks itself
 * off. Keys only go from false to true: VS Code remembers a completed step anyway.
 */
export class WalkthroughProgress extends Disposable {
  private readonly facts: WalkthroughFacts = {};
  private readonly done = new Set<WalkthroughStep>();

  constructor(private readonly extensionId: string, events: {
    onReport: vscode.Event<SetupReport>;
    /** The chat view's messages; an `ask` is a question sent. */
    onMessage: vscode.Event<WebviewMessage>;
  }) {
    super();
    this.register(events.onReport((report) => this.update({ report })));
    this.register(events.onMessage((m) => m.type === 'ask' && this.update({ asked: true })));
    this.register(vscode.commands.registerCommand('lore.openWalkthrough', () => openWalkthrough(extensionId)));
  }

  /** Index status changes come from IndexService once it has loaded. */
  indexStatus(index: WorkspaceStatus): void {
    this.update({ index });
  }

  private update(change: WalkthroughFacts): void {
    Object.assign(this.facts, change);
    const steps = walkthroughSteps(this.facts);
    for (const step of Object.keys(steps) as WalkthroughStep[]) {
      if (!steps[step] || this.done.has(step)) continue;
      this.done.add(step);
      void vscode.commands.executeCommand('setContext', WALKTHROUGH_KEYS[step], true);
      // VS Code's walkthrough service ignores a context key that was already true when it registered the
      // walkthrough (it is created lazily, e.g. when the Welcome page first opens), so the step would never
      // tick. Marking the step complete directly covers that; the key still serves `when` clauses.
      const stepId = `${this.extensionId}#${WALKTHROUGH_ID}#${WALKTHROUGH_STEP_IDS[step]}`;
      void vscode.commands.executeCommand('welcome.markStepComplete', stepId).then(undefined, () => undefined);
    }
  }
}

/** Opens the walkthrough on its first unfinished step (`publisher.name#walkthroughId`). */
export function openWalkthrough(extensionId: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false);
}
