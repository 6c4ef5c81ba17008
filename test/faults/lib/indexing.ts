import { FolderIndex } from '../../../src/indexer/folderIndex';
import { Embedder } from '../../../src/indexer/embedder';
import { embeddingText } from '../../../src/indexer/chunking';
import { OllamaClient } from '../../../src/ollama';
import type { OllamaSim } from '../../support/ollamaSim';
import type { IndexSnapshot } from './inspect';

export const EMBED_MODEL = 'nomic-embed-text';
export const DOC_PREFIX = 'search_document: ';

/** Short limits so that a fault costs milliseconds, not the production minutes. */
export function fastClient(host: string, opts: { requestTimeoutMs?: number; streamIdleTimeoutMs?: number } = {}): OllamaClient {
  return new OllamaClient({ host, requestTimeoutMs: opts.requestTimeoutMs ?? 2000, streamIdleTimeoutMs: opts.streamIdleTimeoutMs ?? 1000 });
}

export function fastEmbedder(client: OllamaClient, opts: { batchSize?: number; maxRetries?: number } = {}): Embedder {
  return new Embedder(client, { model: EMBED_MODEL, batchSize: opts.batchSize ?? 16, maxRetries: opts.maxRetries ?? 2, retryBaseMs: 5 });
}

export function openIndex(folder: string, indexDir: string, embedder: Embedder | null, log?: string[]): Promise<FolderIndex> {
  return FolderIndex.open({ folder, indexDir, model: EMBED_MODEL, embedder, log: log ? (m) => log.push(m) : undefined });
}

/** The exact texts the embedder sends for these chunks (with nomic's document prefix). */
export function embedInputsOf(chunks: IndexSnapshot['chunks']): string[] {
  return chunks.map((c) => DOC_PREFIX + embeddingText(c));
}

/** Texts of /api/embed requests in sim.log[from..to) that the sim answered with 200. */
export function embeddedOk(sim: OllamaSim, from = 0, to = sim.log.length): string[] {
  return sim.log.slice(from, to).flatMap((e) => (e.path === '/api/embed' && e.status === 200 && !e.fault ? e.inputs ?? [] : []));
}

/** Texts of every /api/embed request in sim.log[from..to), answered or not. */
export function embedRequested(sim: OllamaSim, from = 0, to = sim.log.length): string[] {
  return sim.log.slice(from, to).flatMap((e) => (e.path === '/api/embed' ? e.inputs ?? [] : []));
}
