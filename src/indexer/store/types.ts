import type { Chunk } from '../types';

/**
 * On-disk layout version of the store (manifest + shard files). Bump it when the format changes: an
 * index written with another schema is rebuilt, never read.
 */
export const STORE_SCHEMA = 1;

/** What the vectors in an index mean: mixing two identities would make scores meaningless. */
export interface StoreIdentity {
  schema: number;
  model: string;
  dims: number;
}

/** One indexed file as the manifest (the source of truth) records it. */
export interface FileRecord {
  path: string;
  /** Content hash of the file the chunks came from. */
  hash: string;
  size: number;
  mtimeMs: number;
  chunkIds: string[];
  /** False = stored keyword-only, vectors still to embed. */
  vectors: boolean;
}

export interface FileUpdate {
  file: Omit<FileRecord, 'chunkIds' | 'vectors'>;
  chunks: Chunk[];
  /** Aligned with chunks; null = keyword-only (Ollama down). */
  vectors: Float32Array[] | null;
}

export interface StoreChanges {
  upserts: FileUpdate[];
  removals: string[];
  /** Aligned with upserts' chunks: hash of the text that was embedded, the embedding-cache key. */
  embedTextHashes?: string[][];
}

export interface StoreStats {
  files: number;
  chunks: number;
  withVectors: number;
  shardsLoaded: number;
  bytesOnDisk: number;
}

/** Filter over the hot metadata every chunk keeps in memory. */
export type ChunkFilter = (c: { path: string; kind: Chunk['kind']; language: string }) => boolean;
