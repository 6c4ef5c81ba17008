/**
 * An order-independent fingerprint of a set of chunk ids (hex strings), used to tell whether the
 * keyword index still matches the manifest after a crash or a second writer. XOR of each id's first
 * 32 bits, combined with the count; cheap to compute over 200k ids without sorting.
 */
export function chunkSetFingerprint(ids: Iterable<string>): number {
  let xor = 0;
  let count = 0;
  for (const id of ids) {
    xor = (xor ^ parseInt(id.slice(0, 8), 16)) >>> 0;
    count++;
  }
  return xor * 2 ** 20 + (count % 2 ** 20);
}

/**
 * The fingerprint of a set after removing `removed` (all in it) and adding `added` (none in it),
 * from the set's fingerprint alone: XOR is its own inverse. Wrong inputs give a fingerprint that
 * matches nothing, which callers treat as "out of step".
 */
export function adjustFingerprint(fingerprint: number, removed: Iterable<string>, added: Iterable<string>): number {
  let xor = Math.floor(fingerprint / 2 ** 20);
  let count = fingerprint % 2 ** 20;
  for (const id of removed) {
    xor = (xor ^ parseInt(id.slice(0, 8), 16)) >>> 0;
    count--;
  }
  for (const id of added) {
    xor = (xor ^ parseInt(id.slice(0, 8), 16)) >>> 0;
    count++;
  }
  return xor * 2 ** 20 + (((count % 2 ** 20) + 2 ** 20) % 2 ** 20);
}
