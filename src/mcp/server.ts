/**
 * Lore's MCP server: three read-only tools over the folders' indexes (search, read_passage,
 * index_status), built on the official SDK. Transport-free: `lore mcp` connects it to stdio, tests
 * may connect it to an in-memory pair.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { SEARCH_MODES, SEARCH_SCOPES } from '../indexer/types';
import { readPassage, READ_MAX_LINES } from './readPassage';
import { renderSearch, toPassages } from './passages';
import { searchFolders, SEARCH_K_MAX } from './search';
import { asToolError, type McpFolders } from './folders';

export const SERVER_NAME = 'lore';

export const SEARCH_DESCRIPTION =
  "Search Lore's private, local index of this project's code AND documents (source files, Markdown, PDF, DOCX, notebooks, " +
  'knowledge folders) by meaning and by keyword. Use it before answering questions about how something works, where something ' +
  'is defined or documented, or what the project docs say; prefer it over grep when you do not know the exact words. Returns ' +
  'ranked passages with path, 1-based line range, symbol, PDF page / notebook cell and text; cite them as path:start-end.';

const passageShape = {
  path: z.string(),
  folder: z.string(),
  startLine: z.number(),
  endLine: z.number(),
  citation: z.string(),
  symbol: z.string().optional(),
  language: z.string(),
  kind: z.string(),
  page: z.number().optional(),
  cell: z.number().optional(),
  score: z.number(),
  text: z.string(),
  truncated: z.boolean().optional(),
};

function toolError(err: unknown): CallToolResult {
  return { content: [{ type: 'text', text: asToolError(err).text }], isError: true };
}

export function createLoreMcpServer(folders: McpFolders, version: string): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version },
    { instructions: 'Lore indexes this project locally. Call search to find code and documentation passages, read_passage to read more lines around a hit, index_status to see what is indexed.' },
  );
  const multi = folders.folders.length > 1;

  server.registerTool(
    'search',
    {
      title: 'Search the local code and docs index',
      description: SEARCH_DESCRIPTION,
      inputSchema: {
        query: z.string().trim().min(1).describe('What to look for: a question, a name, an error message, words from the docs.'),
        k: z.number().int().min(1).max(SEARCH_K_MAX).optional().describe('Passages wanted (default 8).'),
        mode: z.enum(SEARCH_MODES).optional().describe('hybrid (default): meaning + keywords; vector: meaning only; keyword: exact words (works without Ollama).'),
        scope: z.enum(SEARCH_SCOPES).optional().describe('code: source files only; docs: documents and prose only; all (default).'),
        path: z.string().optional().describe('Keep only passages under this file or folder (relative to the project, e.g. "src/auth").'),
      },
      outputSchema: { mode: z.string(), notes: z.array(z.string()), passages: z.array(z.object(passageShape)) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, extra) => {
      try {
        const result = await searchFolders(folders, { query: args.query, k: args.k, mode: args.mode, scope: args.scope, pathPrefix: args.path, signal: extra.signal });
        const passages = toPassages(result.hits);
        return {
          content: [{ type: 'text', text: renderSearch(args.query, passages, result.notes, multi) }],
          structuredContent: { mode: result.mode, notes: result.notes, passages },
        };
      } catch (err) {
        return toolError(err);
      }
    },
  );

  server.registerTool(
    'read_passage',
    {
      title: 'Read lines of an indexed file',
      description:
        `Read lines of a file from Lore's index (confined to the indexed folders; ignored and secret files are refused), e.g. more context around a search hit. ` +
        `Lines are 1-based and inclusive; for PDF, DOCX and notebooks they count the extracted text, as in search results. At most ${READ_MAX_LINES} lines per call.`,
      inputSchema: {
        path: z.string().min(1).describe('Path as a search result gives it (relative to the project), or absolute inside it.'),
        startLine: z.number().int().min(1),
        endLine: z.number().int().min(1).optional().describe('Default: startLine + 59.'),
        folder: z.string().optional().describe('The folder of a search result, when Lore serves several.'),
      },
      outputSchema: { folder: z.string(), path: z.string(), startLine: z.number(), endLine: z.number(), totalLines: z.number(), text: z.string(), truncated: z.boolean() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, extra) => {
      try {
        const p = await readPassage(folders.passageFolders(), args, extra.signal);
        const more = p.truncated ? `\n(more lines follow; ask again from line ${p.endLine + 1})` : '';
        return {
          content: [{ type: 'text', text: `${p.path}:${p.startLine}-${p.endLine} (of ${p.totalLines} lines)\n${p.text}${more}` }],
          structuredContent: { ...p },
        };
      } catch (err) {
        return toolError(err);
      }
    },
  );

  server.registerTool(
    'index_status',
    {
      title: "Lore's index status",
      description: 'Which folders Lore serves, how many files and chunks each index holds, its embedding model, and whether search can use vectors right now.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      try {
        const status = await folders.status();
        return { content: [{ type: 'text', text: JSON.stringify(status, null, 2) }], structuredContent: { folders: status } };
      } catch (err) {
        return toolError(err);
      }
    },
  );
  return server;
}
