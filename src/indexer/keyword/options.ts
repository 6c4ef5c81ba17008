import type { Options } from 'minisearch';
import type { ChunkKind } from '../types';
import { stemTerm, tokenizeCode } from './tokenize';

/** What a search filter may look at; the same shape the vector side filters on. */
export interface ChunkMeta {
  path: string;
  kind: ChunkKind;
  language: string;
}

/** One chunk as minisearch indexes it. */
export interface KeywordDoc extends ChunkMeta {
  id: string;
  text: string;
  symbol: string;
}

/** Indexed fields, in the order the frozen segment lays out their postings. */
export const FIELDS = ['text', 'symbol', 'path'] as const;

/**
 * A symbol or path hit says more than a word somewhere in the body: `EmbeddingCache` named in the
 * symbol is what the chunk is about, a file named `store.ts` is about storing.
 */
export const FIELD_BOOST: Record<(typeof FIELDS)[number], number> = { text: 1, symbol: 3, path: 2 };

/**
 * How the live layer (minisearch) analyses chunks. Exported so tests can build a plain minisearch
 * over the same documents as the reference ranking.
 */
export const KEYWORD_OPTIONS: Options<KeywordDoc> = {
  fields: [...FIELDS],
  storeFields: ['path', 'kind', 'language'],
  tokenize: tokenizeCode,
  processTerm: stemTerm,
  searchOptions: { boost: FIELD_BOOST, combineWith: 'OR' },
  // minisearch 7.2's automatic vacuum walks the term tree in batches with pauses between them; a
  // document added during a pause can split a tree node under its iterator, and the vacuum then
  // throws an unhandled rejection that kills the CLI mid-index (seen with two writers). Lore
  // vacuums explicitly instead, when nothing else touches the index (see vacuum()).
  autoVacuum: false,
};
