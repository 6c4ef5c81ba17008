/**
 * The folders an MCP server serves and their indexes, opened lazily on the first tool call and
 * read-only (FolderIndex's readOnly open): an assistant asking questions must never rebuild or wipe
 * the index the editor and the CLI share. The index is opened with the embedding model it was built
 * with (whatever model the server was started with), so its vectors answer; a missing index or one
 * of another format is a tool error with advice, and the next call tries again (the user may run
 * `lore index` meanwhile).
 */
import { join } from 'node:path';
import { OllamaClient } from '../ollama';
import { Embedder } from '../indexer/embedder';
import { FolderIndex, type FolderIndexStatus } from '../indexer/folderIndex';
import { readManifest } from '../indexer/store/manifest';
import { STORE_SCHEMA } from '../indexer/store';
import { describeError } from '../indexer/describeError';
import { ToolError } from './toolError';
import type { PassageFolder } from './readPassage';

export interface ServedFolder {
  /** Absolute path. */
  folder: string;
  indexDir: string;
}

export interface McpFoldersOptions {
  folders: ServedFolder[];
  ollamaHost: string;
  secretPatterns?: string[];
  log: (message: string) => void;
  /** Opens an index for writing instead (the `--update` run uses it); default: read-only open. */
  open?: (f: ServedFolder) => Promise<FolderIndex>;
  /** Default VECTOR_RETRY_MS. */
  vectorRetryMs?: number;
}

/** How often a search retries vectors while Ollama was unreachable (a probe; the index reopens only once it answers). */
export const VECTOR_RETRY_MS = 30_000;

interface Opened {
  index: FolderIndex;
  /** Set while vectors are off because Ollama did not answer: when that was last tried. */
  vectorsTriedAt?: number;
}

export class McpFolders {
  private readonly opened = new Map<string, Promise<Opened>>();

  constructor(private readonly opts: McpFoldersOptions) {}

  get folders(): readonly ServedFolder[] {
    return this.opts.folders;
  }

  /**
   * The index of `f`, opened once; a failed open is forgotten so the next call tries again. An index
   * opened while Ollama was down searches by keyword; a later call (every VECTOR_RETRY_MS) probes
   * Ollama again and, once it answers, swaps in an index with vectors (servers live as long as the
   * assistant's session, and Ollama is often started after it).
   */
  async index(f: ServedFolder): Promise<FolderIndex> {
    let p = this.opened.get(f.folder);
    if (!p) {
      p = this.opts.open ? this.opts.open(f).then((index) => ({ index })) : openReadOnly(f, this.opts.ollamaHost, this.opts.log);
      p.catch(() => this.opened.delete(f.folder));
      this.opened.set(f.folder, p);
    }
    const entry = await p;
    const retryMs = this.opts.vectorRetryMs ?? VECTOR_RETRY_MS;
    if (entry.vectorsTriedAt !== undefined && Date.now() - entry.vectorsTriedAt >= retryMs) {
      entry.vectorsTriedAt = Date.now(); // one retry at a time
      const fresh = await openReadOnly(f, this.opts.ollamaHost, this.opts.log, true).catch(() => undefined);
      if (fresh) {
        this.opened.set(f.folder, Promise.resolve(fresh));
        this.opts.log(`${f.folder}: Ollama answers again; searching with vectors`);
        // A search may still be running on the old index: close it once it surely is done.
        setTimeout(() => void entry.index.close().catch(() => undefined), 60_000).unref();
        return fresh.index;
      }
    }
    return entry.index;
  }

  /** Every folder's index, or why it could not be opened. */
  async all(): Promise<{ f: ServedFolder; index?: FolderIndex; error?: ToolError }[]> {
    return Promise.all(
      this.opts.folders.map(async (f) => {
        try {
          return { f, index: await this.index(f) };
        } catch (err) {
          return { f, error: asToolError(err) };
        }
      }),
    );
  }

  /** What read_passage needs of each folder: its root and whether the index holds a path. */
  passageFolders(): PassageFolder[] {
    return this.opts.folders.map((f) => ({
      folder: f.folder,
      secretPatterns: this.opts.secretPatterns,
      // The manifest on disk, read again each time: another process may have indexed the file since.
      isIndexed: async (rel) => (await readManifest(join(f.indexDir, 'vectors')).catch(() => undefined))?.files.has(rel) ?? false,
    }));
  }

  async status(): Promise<(FolderIndexStatus | { folder: string; indexDir: string; error: string })[]> {
    return (await this.all()).map(({ f, index, error }) => (index ? index.status() : { folder: f.folder, indexDir: f.indexDir, error: error?.text ?? '' }));
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.opened.values());
    for (const r of all) if (r.status === 'fulfilled') await r.value.index.close();
  }
}

export function asToolError(err: unknown): ToolError {
  if (err instanceof ToolError) return err;
  // Errors of the core that carry advice (Ollama, index ownership) say what to do already.
  const advised = err !== null && typeof err === 'object' && 'advice' in err;
  return new ToolError(describeError(err), advised ? '' : 'The server log (stderr) has details.');
}

/**
 * Opens `f`'s existing index without ever creating, rebuilding or re-identifying it. `onlyWithVectors`:
 * resolve to undefined unless Ollama answers (the retry after it was down), so a retry costs a probe,
 * not a load of the index.
 */
export async function openReadOnly(f: ServedFolder, ollamaHost: string, log: (m: string) => void): Promise<Opened>;
export async function openReadOnly(f: ServedFolder, ollamaHost: string, log: (m: string) => void, onlyWithVectors: true): Promise<Opened | undefined>;
export async function openReadOnly(f: ServedFolder, ollamaHost: string, log: (m: string) => void, onlyWithVectors = false): Promise<Opened | undefined> {
  const vectorsDir = join(f.indexDir, 'vectors');
  const manifest = await readManifest(vectorsDir).catch((err: unknown) => {
    throw new ToolError(`The index of ${f.folder} cannot be read (${describeError(err)}).`, `Rebuild it with \`lore index "${f.folder}"\`.`);
  });
  if (!manifest) {
    throw new ToolError(
      `${f.folder} has no Lore index yet (looked in ${f.indexDir}).`,
      `Build it with \`lore index "${f.folder}"\`, open the folder in VS Code with Lore installed, or start this server with --update.`,
    );
  }
  if (manifest.schema !== STORE_SCHEMA) {
    throw new ToolError(
      `The index of ${f.folder} has format ${manifest.schema}; this Lore reads format ${STORE_SCHEMA}.`,
      `Rebuild it with \`lore index "${f.folder}"\` (this server does not rebuild indexes).`,
    );
  }
  let embedder: Embedder | null = null;
  let unavailable: string | undefined;
  let ollamaDown = false;
  // A custom document prefix is part of the stored model name; such an index is searched by keyword.
  if (manifest.model === null) unavailable = `the index has no vectors yet (built while Ollama was unreachable); run \`lore index "${f.folder}"\` with Ollama running to add them`;
  else if (manifest.model.includes(' (document prefix ')) unavailable = `the index was built with a custom document prefix (${manifest.model}), which this server does not know`;
  else {
    const candidate = new Embedder(new OllamaClient({ host: ollamaHost }), { model: manifest.model, maxRetries: 1 });
    try {
      const dims = await candidate.probeDimensions();
      if (dims === manifest.dims) embedder = candidate;
      else unavailable = `${manifest.model} now gives ${dims}-dimensional vectors, the index holds ${manifest.dims}`;
    } catch (err) {
      unavailable = describeError(err);
      ollamaDown = true;
    }
  }
  if (onlyWithVectors && !embedder) return undefined;
  // Read-only: nothing on disk is created, rebuilt, repaired or saved (FolderIndexOptions.readOnly).
  const index = await FolderIndex.open({ folder: f.folder, indexDir: f.indexDir, model: manifest.model ?? 'none', embedder, log, readOnly: true });
  for (const n of index.notices) log(`${f.folder}: ${n}`);
  if (unavailable) {
    index.vectorsUnavailable = unavailable;
    log(`${f.folder}: searching by keyword (${unavailable})`);
  }
  return { index, vectorsTriedAt: ollamaDown ? Date.now() : undefined };
}
