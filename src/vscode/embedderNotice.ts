import * as vscode from 'vscode';
import { cjkEmbedderAdvice, MIN_SAMPLE_UNITS, sampleScripts, ScriptTally, type EmbedderAdvice } from '../indexer/embedderLanguage';

/** workspaceState: the embedding models this workspace was already told about. */
export const EMBEDDER_NOTICE_KEY = 'lore.cjkEmbedderNotice.v1';

export interface IndexedFolderSample {
  /** The model the folder's vectors were made with (null: keyword-only so far). */
  model: string | null;
  chunks: () => AsyncIterable<{ text: string }>;
}

export interface EmbedderNoticeDeps {
  /** workspaceState: the notice is shown once per workspace and model. */
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  folders: () => IndexedFolderSample[];
  /** HealthCheck.pullModels: progress notification, errors shown. */
  pullModels: (names: string[]) => Promise<boolean>;
}

/**
 * Mostly Chinese, Japanese or Korean text indexed with an English-only embedding model: says so once per
 * workspace (and model), with the multilingual model to use and a Pull button; after the pull, offers to
 * switch this workspace's `lore.embeddingModel` to it (which re-indexes).
 */
export class EmbedderNotice {
  private running: Promise<EmbedderAdvice | undefined> | undefined;
  /** Models sampled this session: one sample per model is enough, indexing more rarely changes the verdict. */
  private readonly sampled = new Set<string>();

  constructor(private readonly deps: EmbedderNoticeDeps) {}

  /** Call when the index is ready. Resolves with the advice shown (or that would have been, if already shown). */
  check(): Promise<EmbedderAdvice | undefined> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  noticed(): string[] {
    const v = this.deps.state.get<unknown>(EMBEDDER_NOTICE_KEY);
    return Array.isArray(v) ? v.filter((m): m is string => typeof m === 'string') : [];
  }

  private async run(): Promise<EmbedderAdvice | undefined> {
    const folders = this.deps.folders();
    const model = folders.find((f) => f.model)?.model;
    if (!model || this.sampled.has(model)) return undefined;
    this.sampled.add(model);
    const tally = new ScriptTally();
    for (const f of folders.filter((x) => x.model === model)) {
      const t = await sampleScripts(f.chunks(), { maxChunks: Math.ceil(400 / folders.length) });
      tally.units += t.units;
      tally.cjk += t.cjk;
    }
    // Too little text yet (the first files of a fresh index): look again at the next ready state.
    if (tally.units < MIN_SAMPLE_UNITS) this.sampled.delete(model);
    const advice = cjkEmbedderAdvice(model, tally);
    this.deps.log.info(`Embedder check: ${model}, ${tally.units} text units sampled, ${Math.round(tally.share() * 100)}% CJK${advice ? ` -> suggest ${advice.suggested}` : ''}`);
    if (!advice || this.noticed().includes(model)) return advice;
    await this.deps.state.update(EMBEDDER_NOTICE_KEY, [...this.noticed(), model]);
    void this.show(advice);
    return advice;
  }

  private async show(a: EmbedderAdvice): Promise<void> {
    const pull = vscode.l10n.t('Pull {0}', a.suggested);
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Lore: {0}% of the indexed text is Chinese, Japanese or Korean, but the embedding model {1} was trained on English only, so vector search misses much of it. {2} is multilingual.',
        Math.round(a.cjkShare * 100),
        a.model,
        a.suggested,
      ),
      pull,
    );
    if (pick !== pull || !(await this.deps.pullModels([a.suggested]))) return;
    const use = vscode.l10n.t('Use {0}', a.suggested);
    const again = await vscode.window.showInformationMessage(
      vscode.l10n.t('Lore: {0} is ready. Make it the embedding model of this workspace? Lore re-indexes with it.', a.suggested),
      use,
    );
    if (again === use) await vscode.workspace.getConfiguration('lore').update('embeddingModel', a.suggested, vscode.ConfigurationTarget.Workspace);
  }
}
