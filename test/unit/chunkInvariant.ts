// Shared checks of the chunking tests (not a test file itself).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Chunk } from '../../src/indexer/types';

/**
 * The chunking invariant: chunks are in file order, do not overlap, each `text` is exactly its
 * 1-based inclusive line range with a matching hash and id, and every non-blank line is in a chunk.
 */
export function assertCoverage(path: string, content: string, chunks: Chunk[]): void {
  const lines = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const owner = new Array<number>(lines.length + 1).fill(-1);
  let lastEnd = 0;
  chunks.forEach((c, i) => {
    const where = `${path} chunk ${i} (${c.startLine}-${c.endLine})`;
    assert.equal(c.path, path, where);
    assert.ok(c.startLine > lastEnd, `${where} overlaps or is out of order (previous ended at ${lastEnd})`);
    assert.ok(c.endLine >= c.startLine && c.endLine <= lines.length, `${where} outside the file (${lines.length} lines)`);
    assert.equal(c.text, lines.slice(c.startLine - 1, c.endLine).join('\n'), `${where} text differs from its lines`);
    assert.equal(c.hash, createHash('sha256').update(c.text).digest('hex'), `${where} hash`);
    const id = createHash('sha256').update(`${c.path}:${c.startLine}:${c.endLine}:${c.hash}`).digest('hex').slice(0, 32);
    assert.equal(c.id, id, `${where} id`);
    for (let l = c.startLine; l <= c.endLine; l++) owner[l] = i;
    lastEnd = c.endLine;
  });
  const lost = lines.map((l, i) => (l.trim() !== '' && owner[i + 1] === -1 ? i + 1 : 0)).filter((n) => n > 0);
  assert.deepEqual(lost, [], `${path}: lines in no chunk`);
}
