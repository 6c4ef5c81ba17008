import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DOCS, PostingWriter, checkList, decodeList, listCount } from '../../src/indexer/keyword/postings';

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function write(lists: [number, number][][]): { bytes: Uint8Array; starts: number[] } {
  const w = new PostingWriter(8);
  const starts: number[] = [];
  for (const list of lists) {
    starts.push(w.length);
    for (const [doc, tf] of list) w.add(doc, tf);
    w.endList();
  }
  starts.push(w.length);
  return { bytes: w.finish(), starts };
}

function read(bytes: Uint8Array, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  assert.equal(decodeList(bytes, start, end, (doc, tf) => out.push([doc, tf])), end);
  return out;
}

describe('keyword posting lists', () => {
  it('round-trips lists of any gaps and term frequencies, and counts them without decoding', () => {
    const next = rng(7);
    const lists: [number, number][][] = [];
    for (let l = 0; l < 300; l++) {
      const list: [number, number][] = [];
      let doc = Math.floor(next() * 50);
      const n = l % 10 === 0 ? 0 : Math.floor(next() * 200) + 1;
      for (let i = 0; i < n; i++) {
        // Mostly small gaps and tf 1, sometimes huge ones (a rare term; a chunk of repeated tokens).
        list.push([doc, next() < 0.8 ? 1 : Math.floor(next() * (next() < 0.1 ? 200_000 : 20)) + 1]);
        doc += next() < 0.9 ? Math.floor(next() * 5) + 1 : Math.floor(next() * 3_000_000) + 1;
      }
      lists.push(list);
    }
    lists.push([[0, 1], [MAX_DOCS - 1, 70_000]]);
    const { bytes, starts } = write(lists);
    lists.forEach((list, i) => {
      assert.deepEqual(read(bytes, starts[i], starts[i + 1]), list, `list ${i}`);
      assert.equal(listCount(bytes, starts[i], starts[i + 1]), list.length);
      checkList(bytes, starts[i], starts[i + 1], MAX_DOCS);
    });
    const postings = lists.reduce((s, l) => s + l.length, 0);
    // The point of the format: well under the 6 bytes of a Uint32 ordinal + Uint16 frequency.
    assert.ok(bytes.length < 3 * postings, `${bytes.length} bytes for ${postings} postings`);
  });

  it('takes one byte per posting for a common term met once in neighbouring chunks', () => {
    const list: [number, number][] = Array.from({ length: 1000 }, (_, i) => [i * 3, 1]);
    const { bytes } = write([list]);
    assert.equal(bytes.length, 2 + 1000);
  });

  it('refuses ordinals that do not ascend or do not fit', () => {
    const w = new PostingWriter();
    w.add(5, 1);
    w.add(5, 1);
    assert.throws(() => w.endList(), RangeError);
    w.add(MAX_DOCS, 1);
    assert.throws(() => w.endList(), RangeError);
  });

  it('finds damage in lists read from disk', () => {
    const { bytes, starts } = write([[[1, 1], [4, 3], [9, 1]], [[2, 1]]]);
    checkList(bytes, starts[0], starts[1], 10);
    assert.throws(() => checkList(bytes, starts[0], starts[1], 9), /out of order or range/);
    assert.throws(() => checkList(bytes, starts[0], starts[1] - 1, 10), /overruns/);
    assert.throws(() => checkList(bytes, starts[0], starts[1] + 1, 10), /length/);
    const zeroGap = Uint8Array.from([2, 2, 0]); // count 2: ordinal 1, then ordinal 1 again
    assert.throws(() => checkList(zeroGap, 0, 3, 10), /out of order/);
    const endless = Uint8Array.from([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]);
    assert.throws(() => checkList(endless, 0, endless.length, 10), /overruns/);
  });
});
