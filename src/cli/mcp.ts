/**
 * `lore mcp [folder...]`: Lore's index as an MCP server on stdio, for any assistant (VS Code agent
 * mode, Claude Code, Cursor, Continue, Cline). stdout carries the protocol and nothing else, so every
 * log line goes to stderr, console output included.
 */
import { resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { version } from '../../package.json';
import { OllamaClient } from '../ollama';
import { Embedder } from '../indexer/embedder';
import { FolderIndex } from '../indexer/folderIndex';
import { defaultIndexDir, resolveOllamaHost } from '../indexer/indexLocation';
import { McpFolders, type ServedFolder } from '../mcp/folders';
import { createLoreMcpServer } from '../mcp/server';
import { DEFAULT_EMBED_MODEL } from './context';

export interface McpFlags {
  folders: string[];
  indexDir?: string;
  ollama?: string;
  embedModel?: string;
  /** Bring each index up to date (creating it if needed) before serving; otherwise read-only. */
  update: boolean;
  verbose?: boolean;
}

function log(message: string): void {
  process.stderr.write(`lore mcp: ${message}\n`);
}

/** Anything a library prints with console.* would corrupt the protocol stream; send it to stderr. */
function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') + '\n');
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

/** The `--update` path: a writer, like `lore index`, that then serves what it built. */
async function openAndUpdate(f: ServedFolder, flags: McpFlags, host: string): Promise<FolderIndex> {
  const model = flags.embedModel ?? process.env.LORE_EMBED_MODEL ?? DEFAULT_EMBED_MODEL;
  const embedder = new Embedder(new OllamaClient({ host }), { model });
  const index = await FolderIndex.open({ folder: f.folder, indexDir: f.indexDir, model, embedder, log: flags.verbose ? log : undefined });
  if (index.vectorsUnavailable) log(`${index.vectorsUnavailable}; building the keyword index only`);
  const report = await index.update();
  log(`${f.folder}: ${report.filesIndexed} files updated, ${report.filesUnchanged} unchanged, ${report.filesRemoved} removed; ${report.chunks} chunks`);
  return index;
}

export async function runMcp(flags: McpFlags): Promise<void> {
  keepStdoutForProtocol();
  const paths = flags.folders.length ? flags.folders : ['.'];
  if (flags.indexDir && paths.length > 1) throw new Error('--index-dir names one index; serve several folders without it (each uses its default index dir)');
  const folders: ServedFolder[] = paths.map((p) => {
    const folder = resolve(p);
    return { folder, indexDir: flags.indexDir ? resolve(flags.indexDir) : defaultIndexDir(folder) };
  });
  const host = resolveOllamaHost(flags.ollama);
  // --update indexes before the server answers, so the first search sees the whole folder.
  const updated = new Map<string, FolderIndex>();
  if (flags.update) for (const f of folders) updated.set(f.folder, await openAndUpdate(f, flags, host));
  const served = new McpFolders({
    folders,
    ollamaHost: host,
    log: flags.verbose ? log : () => undefined,
    open: flags.update ? async (f) => updated.get(f.folder) ?? openAndUpdate(f, flags, host) : undefined,
    // Tests shorten the wait before vectors are tried again after Ollama was down.
    vectorRetryMs: Number(process.env.LORE_MCP_VECTOR_RETRY_MS) || undefined,
  });
  const server = createLoreMcpServer(served, version);
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await served.close().catch((err: unknown) => log(`closing the index: ${String(err)}`));
    process.exit(0);
  };
  // The client ends the session by closing our stdin.
  process.stdin.once('end', () => void shutdown());
  process.stdin.once('close', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await server.connect(transport);
  log(`serving ${folders.map((f) => f.folder).join(', ')} (${flags.update ? 'updated' : 'read-only'}; Ollama at ${host})`);
}
