import { resolve } from 'node:path';
import { OllamaClient } from '../ollama';
import { Embedder } from '../indexer/embedder';
import { FolderIndex } from '../indexer/folderIndex';
import { defaultIndexDir, resolveOllamaHost } from '../indexer/indexLocation';
import { DEFAULTS } from '../settings';

// The extension's defaults (src/settings.ts), so `lore` and the panel agree out of the box.
export const DEFAULT_EMBED_MODEL = DEFAULTS.embeddingModel;
export const DEFAULT_CHAT_MODEL = DEFAULTS.chatModel;

export interface CommonFlags {
  folder?: string;
  indexDir?: string;
  ollama?: string;
  embedModel?: string;
  /** false: do not contact Ollama at all (status). */
  useOllama?: boolean;
  /** Open for writing (`lore index`): every other command opens read-only and never changes the index. */
  write?: boolean;
  verbose?: boolean;
}

export interface CliContext {
  folder: string;
  indexDir: string;
  host: string;
  client: OllamaClient;
  index: FolderIndex;
}

/** Resolves folder, index dir, host and model the way ARCHITECTURE.md ("Front ends") describes, and opens the index. */
export async function openContext(flags: CommonFlags): Promise<CliContext> {
  const folder = resolve(flags.folder ?? '.');
  const indexDir = flags.indexDir ? resolve(flags.indexDir) : defaultIndexDir(folder);
  const host = resolveOllamaHost(flags.ollama);
  const client = new OllamaClient({ host });
  const model = flags.embedModel ?? process.env.LORE_EMBED_MODEL ?? DEFAULT_EMBED_MODEL;
  const embedder = flags.useOllama === false ? null : new Embedder(client, { model });
  const log = flags.verbose ? (m: string) => process.stderr.write(`lore: ${m}\n`) : undefined;
  // notice: damage found after open (background verification) is said when the index closes.
  const notice = log ?? ((m: string) => process.stderr.write(`lore: ${m}\n`));
  const index = await FolderIndex.open({ folder, indexDir, model, embedder, log, notice, readOnly: !flags.write, keywordOnDemand: flags.write });
  // Damage, repairs and rebuilds are said even without --verbose (which logs them already).
  if (!log) for (const n of index.notices) process.stderr.write(`lore: ${n}\n`);
  return { folder, indexDir, host, client, index };
}
