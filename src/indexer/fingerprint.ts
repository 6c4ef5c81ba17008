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
