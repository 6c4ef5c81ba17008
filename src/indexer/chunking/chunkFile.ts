/**
 * Entry point of chunking: picks the chunker for a path, turns drafts into hashed `Chunk`s and
 * never throws for bad input (a file tree-sitter cannot handle is chunked as text).
 */
import { createHash } from 'node:crypto';
import type { Chunk, ChunkKind } from '../types';
import { chunkCode } from './codeChunker';
import { rulesForGrammar } from './definitions';
import { parserFor } from './grammars';
import { languageForPath } from './languages';
import { LineTable } from './lines';
import { chunkByHeadings, scanAsciidoc, scanRst } from './headingChunker';
import { chunkMarkdown } from './markdownChunker';
import type { Draft } from './pack';
import { chunkText } from './textChunker';
import { prefixWithinTokens } from '../../util/tokenEstimate';
import { EMBED_CHARS_PER_TOKEN, MAX_TOKENS_CAP, resolveBudget, type Budget } from './tokens';

export interface ChunkOptions {
  /** Upper bound of a chunk in estimated tokens (default 500, capped at 1000). */
  maxTokens?: number;
  /** Pieces below this merge with small neighbours (default 64). */
  minTokens?: number;
  signal?: AbortSignal;
}

/** A parse longer than this is abandoned for the text chunker (pathological input). */
const PARSE_TIMEOUT_MS = 5000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Chunks of one file; `path` is relative to the indexed folder (POSIX), `text` its content. */
export async function chunkFile(path: string, text: string, opts: ChunkOptions = {}): Promise<Chunk[]> {
  opts.signal?.throwIfAborted();
  const lang = languageForPath(path) ?? { id: 'text', kind: 'text' as ChunkKind };
  // One line model for everything: CRLF/CR become LF (tree-sitter rows count only LF), no BOM.
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const table = new LineTable(normalized);
  const budget = resolveBudget(opts);
  let drafts: Draft[];
  if (lang.grammar !== undefined) drafts = await codeDrafts(lang.grammar, normalized, table, budget, opts.signal);
  else if (lang.id === 'markdown') drafts = chunkMarkdown(table, budget);
  else if (lang.id === 'restructuredtext') drafts = chunkByHeadings(table, scanRst(table), budget);
  else if (lang.id === 'asciidoc') drafts = chunkByHeadings(table, scanAsciidoc(table), budget);
  else drafts = chunkText(table, budget);
  return drafts.map((d) => makeChunk(path, lang.id, lang.kind, d, table));
}

async function codeDrafts(grammar: string, text: string, table: LineTable, budget: Budget, signal?: AbortSignal): Promise<Draft[]> {
  const rules = rulesForGrammar(grammar);
  if (!rules) return chunkText(table, budget);
  try {
    const parser = await parserFor(grammar);
    signal?.throwIfAborted();
    const deadline = Date.now() + PARSE_TIMEOUT_MS;
    const tree = parser.parse(text, null, { progressCallback: () => Date.now() > deadline || signal?.aborted === true });
    if (!tree) {
      parser.reset();
      signal?.throwIfAborted();
      return chunkText(table, budget);
    }
    try {
      return chunkCode(tree.rootNode, table, rules, budget);
    } finally {
      tree.delete();
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    // A missing grammar file or a parser failure must not lose the file: index it as text.
    return chunkText(table, budget);
  }
}

function makeChunk(path: string, language: string, kind: ChunkKind, d: Draft, table: LineTable): Chunk {
  const text = table.text(d.start, d.end);
  const hash = sha256(text);
  const id = sha256(`${path}:${d.start}:${d.end}:${hash}`).slice(0, 32);
  return { id, path, language, kind, startLine: d.start, endLine: d.end, symbol: d.symbol, text, hash };
}

const HEADER_FIELD_CHARS = 160;

function clip(s: string, n: number, keep: 'head' | 'tail'): string {
  if (s.length <= n) return s;
  return keep === 'head' ? `${s.slice(0, n - 1)}…` : `…${s.slice(s.length - n + 1)}`;
}

/**
 * The symbol's identifiers as plain words (`copyInheritedSettings` -> `copy inherited settings`),
 * or '' when splitting changes nothing. Embedding tokenizers cut an unsplit identifier into
 * fragments that match no word of a natural-language question.
 */
function identifierWords(symbol: string): string {
  const names = symbol.match(/[\p{L}\p{N}_$]+/gu) ?? [];
  const split = names
    .map((n) => n.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2').replace(/[_$]+/g, ' ').trim().toLowerCase())
    .filter((w, i) => w !== names[i].toLowerCase());
  return [...new Set(split)].join(', ');
}

/**
 * What the embedding model sees for a chunk: a short header naming the file and symbol, then the
 * text. Line numbers stay out so that a chunk moved by an edit above it keeps its embedding-cache
 * key. Model-specific prefixes (`search_document: `) are the embedder's business.
 */
export function embeddingText(chunk: Chunk): string {
  const header = [`File: ${clip(chunk.path, HEADER_FIELD_CHARS, 'tail')}`];
  if (chunk.symbol) {
    header.push(`Symbol: ${clip(chunk.symbol, HEADER_FIELD_CHARS, 'head')}`);
    const words = identifierWords(chunk.symbol);
    if (words) header.push(`Names: ${clip(words, HEADER_FIELD_CHARS, 'head')}`);
  }
  // Text beyond MAX_TOKENS_CAP estimated tokens is cut from what the model sees (a single over-long
  // line): 3000 characters of code, 1000 of Chinese.
  const fits = prefixWithinTokens(chunk.text, MAX_TOKENS_CAP, EMBED_CHARS_PER_TOKEN);
  return `${header.join('\n')}\n\n${fits < chunk.text.length ? `${chunk.text.slice(0, fits)}…` : chunk.text}`;
}
