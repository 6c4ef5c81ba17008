/**
 * Shared types of Lore's pure core. Every module of src/indexer, src/chat, src/ollama and the CLI
 * speak these; change them with care (they are also persisted through the manifest/store).
 */

/** Kind of content a chunk came from; used to scope chat (`@code`, `@docs`). */
export type ChunkKind = 'code' | 'doc' | 'text';

/** A piece of a file that is embedded and retrieved as a unit. */
export interface Chunk {
  /** Stable id: hash of (path, startLine, endLine, hash). */
  id: string;
  /** Path relative to the indexed folder, POSIX separators. */
  path: string;
  /** Language id (`typescript`, `python`, `markdown`, `text`...). */
  language: string;
  kind: ChunkKind;
  /** 1-based inclusive line range in the file. */
  startLine: number;
  endLine: number;
  /** Definition path (`class Indexer > method update`) or Markdown heading breadcrumb (`Setup > Linux`). */
  symbol?: string;
  /** The chunk's source text (exact lines startLine..endLine). */
  text: string;
  /** sha256 (hex) of `text`. */
  hash: string;
  /**
   * Extracted documents (PDF, DOCX, HTML pages, notebooks): `text` and the line range are those of
   * the document's extracted text (src/indexer/extract), not of the file's bytes. `page` is the
   * 1-based PDF page the chunk is on (chunks never cross pages); `cell` the 1-based notebook cell it
   * starts in.
   */
  page?: number;
  cell?: number;
}

/** Why a file was not indexed. Every skip has exactly one reason; reasons are counted and reported. */
export type SkipReason =
  | 'builtin-exclude' // .git, node_modules, dist, build outputs, lock files
  | 'gitignore'
  | 'loreignore'
  | 'user-exclude' // matched lore.exclude or did not match lore.include
  | 'secret' // .env*, *.pem, *.key, id_rsa*, credentials...
  | 'too-large'
  | 'binary'
  | 'minified'
  | 'generated'
  | 'not-utf8'
  | 'unreadable'
  | 'symlink-loop'
  | 'outside-root' // a symlink whose target lies outside the indexed folder
  | 'unsupported' // no chunker wants it (e.g. an image that is not binary-detected)
  | 'encrypted' // a password-protected PDF or Word document
  | 'extract-failed'; // a document (PDF, DOCX, notebook...) whose text could not be extracted

export interface DiscoveredFile {
  /** Relative POSIX path. */
  path: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export interface DiscoveryOptions {
  /** Glob patterns (relative to the folder); when non-empty only matching files are indexed. */
  include?: string[];
  /** Glob patterns of files to leave out, on top of the built-in excludes. */
  exclude?: string[];
  /** Bytes; default 1 MiB. */
  maxFileSize?: number;
  /** Extra secret-file glob patterns supplied by the user. */
  secretPatterns?: string[];
  signal?: AbortSignal;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  skipped: SkippedFile[];
}

/** Progress of an indexing run. */
export type IndexStatus = 'idle' | 'indexing' | 'paused' | 'cancelled' | 'failed' | 'done';

export interface IndexProgress {
  status: IndexStatus;
  phase?: 'discover' | 'chunk' | 'embed' | 'store';
  filesTotal: number;
  filesDone: number;
  chunksTotal: number;
  chunksEmbedded: number;
  /** Present when status is `failed` or `paused` (e.g. Ollama unreachable). */
  message?: string;
}

/** What `lore index` / an incremental update reports at the end. */
export interface IndexReport {
  folder: string;
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  chunks: number;
  /** Texts actually sent to the embedding model in this run (cache misses). */
  embedded: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** False when Ollama was unreachable and only the keyword index was built. */
  vectors: boolean;
  durationMs: number;
  timings: { discoverMs: number; chunkMs: number; embedMs: number; storeMs: number };
}

export const SEARCH_MODES = ['hybrid', 'vector', 'keyword'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

export function isSearchMode(value: unknown): value is SearchMode {
  return (SEARCH_MODES as readonly unknown[]).includes(value);
}

/** What a search keeps: everything, code chunks only, or documents and prose (`@code`, `@docs`). */
export const SEARCH_SCOPES = ['all', 'code', 'docs'] as const;
export type SearchScope = (typeof SEARCH_SCOPES)[number];

export function isSearchScope(value: unknown): value is SearchScope {
  return (SEARCH_SCOPES as readonly unknown[]).includes(value);
}

/** One search hit; `lore search --json` prints exactly these fields (plus nothing else). */
export interface SearchHit {
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  language: string;
  score: number;
}

/** A hit with its text, as handed to the chat prompt. */
export interface RetrievedChunk extends SearchHit {
  id: string;
  kind: ChunkKind;
  text: string;
  /** See Chunk.page / Chunk.cell. */
  page?: number;
  cell?: number;
}
