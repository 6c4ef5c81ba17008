/** Messages between the indexer and the extraction worker thread. */
import type { DocumentFormat, ExtractError, ExtractedDocument } from './types';

export interface WorkerRequest {
  id: number;
  format: DocumentFormat;
  data: Uint8Array;
  maxChars: number;
}

export type WorkerResponse =
  | { id: number; ok: true; doc: ExtractedDocument }
  | { id: number; ok: false; reason: ExtractError['reason']; detail: string };
