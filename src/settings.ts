/**
 * Lore's settings, read through one typed reader with an injectable getter (CONTRIBUTING.md, "A setting"), and the
 * knowledge of which changes need a re-index or a reconnect. No `vscode` import here on purpose:
 * src/vscode/config.ts adapts the workspace configuration to the `Getter`. The CLI reads its defaults
 * from DEFAULTS too, so the panel and `lore` behave alike out of the box.
 */
import type { SourcesShown } from './protocol';
import { isSearchMode, type SearchMode } from './indexer/types';

export interface LoreSettings {
  ollamaHost: string;
  /** Seconds to wait for Ollama to connect and start answering before falling back (1-3600). */
  ollamaTimeoutSeconds: number;
  chatModel: string;
  embeddingModel: string;
  include: string[];
  exclude: string[];
  /** Folders outside the workspace that are indexed too (src/vscode/knowledgeFolders.ts re-syncs on change). */
  knowledgeFolders: string[];
  maxFileSizeKb: number;
  sourcesCount: number;
  contextBudgetTokens: number;
  embeddingConcurrency: number;
  embeddingBatchSize: number;
  queryPrefix: string | null;
  documentPrefix: string | null;
  sourcesShown: SourcesShown;
  /** How the chat retrieves sources; `hybrid` falls back to keyword while vectors are unavailable. */
  searchMode: SearchMode;
  /** Hybrid fusion weights of the two sides (0-10; both 0 means the default 1 and 1). */
  vectorWeight: number;
  keywordWeight: number;
  /** Rank chunks of the active editor's file and of recently edited files a little higher. */
  boostEditorFiles: boolean;
  /** Ask the chat model for search terms before retrieving for a bug report or "where is" question (src/chat/queryRewrite.ts). */
  rewriteQueries: boolean;
}

export const DEFAULTS: LoreSettings = {
  ollamaHost: 'http://127.0.0.1:11434',
  ollamaTimeoutSeconds: 30,
  chatModel: 'deepseek-r1:1.5b',
  embeddingModel: 'nomic-embed-text',
  include: [],
  exclude: [],
  knowledgeFolders: [],
  maxFileSizeKb: 1024,
  sourcesCount: 8,
  contextBudgetTokens: 6000,
  embeddingConcurrency: 1,
  embeddingBatchSize: 32,
  queryPrefix: null,
  documentPrefix: null,
  sourcesShown: 'all',
  searchMode: 'hybrid',
  vectorWeight: 1,
  keywordWeight: 1,
  boostEditorFiles: true,
  rewriteQueries: false,
};

export type Getter = <K extends keyof LoreSettings>(key: K) => LoreSettings[K] | undefined;

/** Reads every setting, replacing missing or ill-typed values with the default. */
export function readSettings(get: Getter): LoreSettings {
  const out = { ...DEFAULTS } as Record<keyof LoreSettings, unknown>;
  for (const key of Object.keys(DEFAULTS) as (keyof LoreSettings)[]) {
    const value = get(key);
    if (value === undefined) continue;
    const def = DEFAULTS[key];
    const ok =
      def === null
        ? value === null || typeof value === 'string'
        : Array.isArray(def)
          ? Array.isArray(value) && value.every((v) => typeof v === 'string')
          : typeof value === typeof def;
    if (ok) out[key] = value;
  }
  const s = out as unknown as LoreSettings;
  s.maxFileSizeKb = clamp(s.maxFileSizeKb, 1, 64 * 1024);
  s.ollamaTimeoutSeconds = clamp(s.ollamaTimeoutSeconds, 1, 3600);
  s.sourcesCount = clamp(Math.round(s.sourcesCount), 1, 50);
  s.contextBudgetTokens = clamp(Math.round(s.contextBudgetTokens), 512, 128_000);
  s.embeddingConcurrency = clamp(Math.round(s.embeddingConcurrency), 1, 16);
  s.embeddingBatchSize = clamp(Math.round(s.embeddingBatchSize), 1, 512);
  if (!['all', 'cited', 'none'].includes(s.sourcesShown)) s.sourcesShown = DEFAULTS.sourcesShown;
  if (!isSearchMode(s.searchMode)) s.searchMode = DEFAULTS.searchMode;
  s.vectorWeight = clamp(s.vectorWeight, 0, 10);
  s.keywordWeight = clamp(s.keywordWeight, 0, 10);
  if (s.vectorWeight === 0 && s.keywordWeight === 0) s.vectorWeight = s.keywordWeight = 1; // nothing would rank
  return s;
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
}

/**
 * Settings that change how text becomes vectors or where it is sent: the indexes are reopened with a
 * new embedder and re-indexed (a different model rebuilds the store; the same model on another host
 * reuses the embedding cache, so only what is missing is embedded).
 */
const REINDEX: (keyof LoreSettings)[] = [
  'embeddingModel', 'ollamaHost', 'documentPrefix', 'queryPrefix', 'embeddingConcurrency', 'embeddingBatchSize',
];
/** Settings that change which files are indexed: a rescan (unchanged files are not re-embedded). */
const RESCAN: (keyof LoreSettings)[] = ['include', 'exclude', 'maxFileSizeKb'];

/** `none` covers the chat model, sources count, budget and search settings: they apply to the next question. */
export type SettingsImpact = 'reindex' | 'rescan' | 'none';

export function impactOf(changed: (key: keyof LoreSettings) => boolean): SettingsImpact {
  if (REINDEX.some(changed)) return 'reindex';
  if (RESCAN.some(changed)) return 'rescan';
  return 'none';
}
