/** The options and status of a FolderIndex (folderIndex.ts), apart so that file stays about behaviour. */
import type { Embedder } from './embedder';
import type { RedactionTotals } from './redactionCounts';
import type { DiscoveryOptions } from './types';

export interface FolderIndexOptions {
  /** Absolute path of the folder to index. */
  folder: string;
  /** Where this folder's index lives (see defaultIndexDir). */
  indexDir: string;
  /** Embedding model name; part of the index identity. */
  model: string;
  /** null: keyword-only (Ollama unreachable or not wanted). */
  embedder: Embedder | null;
  discovery?: DiscoveryOptions;
  log?: (message: string) => void;
  /**
   * Where lines the user must see go when found after open (damage found by the store's background
   * verification); when set, close() first waits for that verification to finish (the CLI).
   */
  notice?: (message: string) => void;
  /**
   * A save folds every change into a new segment and rewrites keyword.bin: at 200k chunks that holds
   * the thread ~0.6 s, every KEYWORD_SAVE_DELAY_MS (folderIndex.ts) while the user edits. Saves of a segment of at
   * least this many chunks with fewer than 1/20 as many changes leave the file as it is: the next
   * open catches up from the store instead (reconcileKeywordIndex). Default 20,000.
   */
  keywordLazySaveFrom?: number;
  /**
   * Load the keyword index only when a search or a catch-up needs it, and save a pass's changes as
   * a journal beside keyword.bin (DeferredKeywordIndex): for a process that runs one pass and exits
   * (`lore index`), where loading and re-merging the whole segment would cost more than the pass.
   */
  keywordOnDemand?: boolean;
  /**
   * Open for reading only (search, ask, status, export, MCP): nothing on disk is created, rebuilt,
   * repaired or saved, whatever state the index is in; an index built with another model answers
   * with its keyword side (vectorsUnavailable says why). update() is refused.
   */
  readOnly?: boolean;
}

export interface FolderIndexStatus {
  folder: string;
  indexDir: string;
  files: number;
  chunks: number;
  withVectors: number;
  model: string | null;
  dims: number | null;
  bytesOnDisk: number;
  vectorsUnavailable?: string;
  /** Damage found in the index (one line); the next index pass re-indexes the files it cost. */
  damage?: string;
  /** A new index (other embedding model) is being built beside the one answering searches: why. */
  replacing?: string;
  /** Secrets inside indexed text replaced by placeholders (discovery/secretsInText.ts). */
  redactions?: RedactionTotals;
}
