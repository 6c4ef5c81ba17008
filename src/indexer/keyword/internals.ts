import type MiniSearch from 'minisearch';

/**
 * The parts of minisearch 7.2's (protected) state that Lore's top-k scorer and term statistics
 * read. minisearch has no public document-frequency or top-k API; its `search` builds and sorts
 * a result object for every matching document, which at 50k chunks costs far more than scoring.
 * The version is pinned and test/unit/keywordIndex.test.ts checks these readers against
 * minisearch's own `search`, so an upgrade that changes the layout fails loudly there.
 */
export interface MiniSearchInternals {
  /** term -> fieldId -> shortId -> term frequency. */
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
  /** shortId -> length (in terms) of each field. */
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  /** shortId -> document id; discarded documents are absent while their postings linger. */
  _documentIds: Map<number, unknown>;
  _storedFields: Map<number, Record<string, unknown> | undefined>;
  _nextId: number;
}

/** The internals, or undefined when this minisearch is not laid out as expected. */
export function internalsOf<T>(ms: MiniSearch<T>): MiniSearchInternals | undefined {
  const x = ms as unknown as Partial<MiniSearchInternals>;
  const ok =
    typeof x._index?.get === 'function' &&
    typeof x._fieldIds === 'object' &&
    x._fieldLength instanceof Map &&
    Array.isArray(x._avgFieldLength) &&
    typeof x._documentCount === 'number' &&
    x._documentIds instanceof Map &&
    x._storedFields instanceof Map &&
    typeof x._nextId === 'number';
  return ok ? (x as MiniSearchInternals) : undefined;
}
