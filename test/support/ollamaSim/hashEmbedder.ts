import { codeWords, stripPrefix } from './words';

/**
 * Deterministic stand-in for an embedding model: signed feature hashing of words and word bigrams.
 * Texts sharing vocabulary end up close, unrelated ones near orthogonal - enough for retrieval
 * tests, with no data files. It says nothing about a real model's quality.
 */
export function hashEmbed(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0);
  const words = codeWords(stripPrefix(text));
  const add = (feature: string, weight: number): void => {
    const h = fnv1a(feature, 0x811c9dc5);
    const sign = fnv1a(feature, 0x01000193) & 1 ? 1 : -1;
    vector[h % dims] += sign * weight;
  };
  words.forEach((w, i) => {
    add(w, 1);
    if (i > 0) add(`${words[i - 1]} ${w}`, 0.5);
  });
  if (words.length === 0) add('\u0000empty', 1); // models never return a zero vector
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  return vector.map((x) => x / norm);
}

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche so that nearby strings do not land in nearby buckets.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}
