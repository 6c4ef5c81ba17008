import type MiniSearch from 'minisearch';

/** term -> fieldId -> shortId -> term frequency. */
export type TermData = Map<number, Map<number, number>>;

/**
 * The parts of minisearch 7.2's (protected) state that Lore reads: the top-k scorer scores the
 * live layer from them and the frozen segment is built from them. minisearch has no public
 * document-frequency, top-k or postings API. The version is pinned and
 * test/unit/keywordIndex.test.ts checks the results against minisearch's own `search`, so an
 * upgrade that changes the layout fails loudly there.
 */
export interface MiniSearchInternals {
  _index: Iterable<[string, TermData]> & { get(term: string): TermData | undefined };
  _fieldIds: Record<string, number>;
  /** shortId -> length (in terms) of each field. */
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  /** shortId -> document id; discarded documents are absent while their postings linger. */
  _documentIds: Map<number, unknown>;
  _storedFields: Map<number, Record<string, unknown> | undefined>;
  _nextId: number;
  _dirtCount: number;
}

/** The internals; throws when this minisearch is not laid out as the pinned 7.2 is. */
export function internalsOf<T>(ms: MiniSearch<T>): MiniSearchInternals {
  const x = ms as unknown as Partial<MiniSearchInternals>;
  const ok =
    typeof x._index?.get === 'function' &&
    typeof (x._index as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function' &&
    typeof x._fieldIds === 'object' &&
    x._fieldLength instanceof Map &&
    Array.isArray(x._avgFieldLength) &&
    typeof x._documentCount === 'number' &&
    x._documentIds instanceof Map &&
    x._storedFields instanceof Map &&
    typeof x._nextId === 'number' &&
    typeof x._dirtCount === 'number';
  if (!ok) throw new Error('minisearch internals are not laid out as in 7.2 (Lore pins that version)');
  return x as MiniSearchInternals;
}
