import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalIndex } from 'vectra';
import { AtomicFileStorage } from '../../src/indexer/store/atomicStorage';
import { int8Kernel, scanRowsJs } from '../../src/indexer/store/int8Kernel';
import { QuantizedRows, quantizeRows } from '../../src/indexer/store/quantize';
import { scanShards } from '../../src/indexer/store/search';
import { LoreShardCodec, decodeShard, encodeShard } from '../../src/indexer/store/shardCodec';
import { Shard } from '../../src/indexer/store/shard';
import { ShardCorruptError, layoutOf, readPrefix } from '../../src/indexer/store/shardFormat';
import { forgetVerifiedShards } from '../../src/indexer/store/verifiedShards';

function randomUnit(dims: number): Float32Array {
  const v = Float32Array.from({ length: dims }, () => Math.random() * 2 - 1);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const item = (i: number, vector: Float32Array | null) => ({
  id: `id${i}`,
  metadata: { path: `p${i % 3}.ts`, kind: 'code', language: 'typescript', startLine: i, endLine: i + 1, hash: `h${i}`, text: `text ${i} é€`, embed: `e${i}` },
  vector: (vector ?? []) as unknown as number[],
  norm: 1,
});

describe('store format', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'lore-format-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes shards that vectra LocalIndex reads back with its own API', async () => {
    const vectors = [randomUnit(24), null, randomUnit(24)];
    const codec = new LoreShardCodec();
    await fs.writeFile(join(dir, '00.lore'), encodeShard({ version: 1, metadata_config: {}, items: vectors.map((v, i) => item(i, v)) }));
    const index = new LocalIndex(dir, '00.lore', new AtomicFileStorage(), codec);
    const items = await index.listItems();
    assert.deepEqual(items.map((i) => i.id), ['id0', 'id1', 'id2']);
    assert.equal(items[1].metadata.text, 'text 1 é€');
    assert.deepEqual(Array.from(items[2].vector), Array.from(vectors[2] as Float32Array));
    assert.equal(items[1].vector.length, 0);
    const top = await index.queryItems(Array.from(vectors[2] as Float32Array), '', 1);
    assert.equal(top[0].item.id, 'id2');
    // The file costs about 4 bytes per float plus the text: far from JSON's ~20 bytes per float.
    const size = (await fs.stat(join(dir, '00.lore'))).size;
    assert.ok(size < 2 * 24 * 4 * 2 + 800, `size ${size}`);
  });

  it('detects truncation and flipped bytes', async () => {
    const buf = encodeShard({ version: 1, metadata_config: {}, items: [item(0, randomUnit(8)), item(1, randomUnit(8))] });
    assert.equal(decodeShard(buf).items.length, 2);
    assert.throws(() => decodeShard(buf.subarray(0, buf.length - 3)), ShardCorruptError);
    for (const at of [60, buf.length - 40]) {
      const bad = Buffer.from(buf);
      bad[at] ^= 0x5a;
      assert.throws(() => decodeShard(bad), ShardCorruptError, `flip at ${at}`);
    }
    await fs.writeFile(join(dir, 'cut.lore'), buf.subarray(0, buf.length - 3));
    await assert.rejects(Shard.open(0, join(dir, 'cut.lore')), ShardCorruptError);
  });

  it('loads a shard larger than one read step into the same int8 rows, and finds damage past the first step', async () => {
    // 768 dims x 600 rows = 1.8 MB of vectors: verified in two steps of 1 MB.
    const dims = 768;
    const vectors = Array.from({ length: 600 }, (_, i) => (i % 50 === 7 ? null : randomUnit(dims)));
    const buf = encodeShard({ version: 1, metadata_config: {}, items: vectors.map((v, i) => item(i, v)) });
    const file = join(dir, 'big.lore');
    await fs.writeFile(file, buf);
    const floats = new Float32Array(vectors.filter((v) => v !== null).flatMap((v) => Array.from(v as Float32Array)));
    const whole = quantizeRows(floats, floats.length / dims, dims);
    const shard = await Shard.open(0, file);
    assert.equal(shard.hasInt8Block, true);
    await shard.loadVectors();
    const loaded = shard.loadedVectors as QuantizedRows;
    assert.equal(loaded.rows, whole.rows);
    assert.deepEqual(loaded.q, whole.q);
    assert.deepEqual(loaded.scale, whole.scale);
    forgetVerifiedShards();
    assert.equal(shard.verified, false);
    assert.equal(await shard.verify(), true);
    assert.equal(shard.verified, true);
    await shard.close();
    // Damage in each block: the open reads only headers; the int8 rows are checked when loaded, the
    // float32 vectors and chunk records by verify() (the background check).
    const layout = layoutOf(readPrefix(buf, buf.length));
    const i8At = layout.i8Start + layout.i8Len - 10; // in the scales
    const vecEnd = layout.coldStart;
    for (const [at, loadFails] of [[layout.i8Start + 1000, true], [i8At, true], [vecEnd - 100, false], [buf.length - 40, false]] as const) {
      const bad = Buffer.from(buf);
      bad[at] ^= 0x5a;
      await fs.writeFile(file, bad);
      forgetVerifiedShards(); // as a new process would
      const s = await Shard.open(0, file);
      if (loadFails) await assert.rejects(s.loadVectors(), /int8 vector checksum mismatch/, `flip at ${at}`);
      else await s.loadVectors();
      await assert.rejects(s.verify(), ShardCorruptError, `flip at ${at}`);
      assert.equal(s.verified, false);
      await s.close();
    }
  });

  it('reads format 1 shards (no int8 block) through the float32 path, with the same rows and damage checks', async () => {
    const dims = 40;
    const vectors = Array.from({ length: 30 }, (_, i) => (i === 4 ? null : randomUnit(dims)));
    const data = { version: 1, metadata_config: {}, items: vectors.map((v, i) => item(i, v)) };
    const v1 = encodeShard(data, 1);
    const v2 = encodeShard(data);
    assert.equal(v1.subarray(0, 8).toString('latin1'), 'LORESHD1');
    assert.equal(v2.subarray(0, 8).toString('latin1'), 'LORESHD2');
    assert.equal(v2.length - v1.length >= 29 * (48 + 4), true, 'format 2 adds 29 int8 rows of 48 bytes and their scales');
    assert.deepEqual(decodeShard(v1).items.map((i) => [i.id, i.metadata.text, Array.from(i.vector)]), decodeShard(v2).items.map((i) => [i.id, i.metadata.text, Array.from(i.vector)]));
    const rows: QuantizedRows[] = [];
    for (const [name, b] of [['v1.lore', v1], ['v2.lore', v2]] as const) {
      await fs.writeFile(join(dir, name), b);
      const s = await Shard.open(0, join(dir, name));
      assert.equal(s.hasInt8Block, name === 'v2.lore');
      await s.loadVectors();
      rows.push(s.loadedVectors as QuantizedRows);
      forgetVerifiedShards();
      assert.equal(await s.verify(), true);
      assert.deepEqual((await s.readChunks([3])).map((c) => c.text), ['text 3 é€']);
      await s.close();
    }
    assert.deepEqual(rows[0].q, rows[1].q);
    assert.deepEqual(rows[0].scale, rows[1].scale);
    const bad = Buffer.from(v1);
    bad[bad.indexOf(Buffer.from('{"s":')) - 8] ^= 0x20;
    await fs.writeFile(join(dir, 'v1bad.lore'), bad);
    forgetVerifiedShards();
    const s = await Shard.open(0, join(dir, 'v1bad.lore'));
    await assert.rejects(s.loadVectors(), /vector checksum mismatch/);
    await assert.rejects(s.verify(), /vector checksum mismatch/);
    await s.close();
    assert.throws(() => decodeShard(bad), ShardCorruptError);
  });

  it('a rewrite reuses the int8 rows of vectors it read or wrote, byte for byte what quantizing them gives', () => {
    const dims = 40;
    const vectors = Array.from({ length: 50 }, (_, i) => (i % 9 === 4 ? null : randomUnit(dims)));
    const data = { version: 1, metadata_config: {}, items: vectors.map((v, i) => item(i, v)) };
    const first = encodeShard(data);
    const decoded = decodeShard(first);
    // Fresh copies: no known rows, every vector quantized.
    const copies = { ...decoded, items: decoded.items.map((it) => ({ ...it, vector: (it.vector.length ? Float32Array.from(it.vector) : it.vector) as unknown as number[] })) };
    const quantized = encodeShard(copies);
    assert.ok(quantized.equals(first), 'quantizing again gives the same file');
    // Drop some items and reorder the rest: rows must follow their vectors, not their positions.
    const kept = { ...decoded, items: decoded.items.filter((_, i) => i % 3 !== 0).reverse() };
    const fresh = { ...kept, items: kept.items.map((it) => ({ ...it, vector: (it.vector.length ? Float32Array.from(it.vector) : it.vector) as unknown as number[] })) };
    assert.ok(encodeShard(kept).equals(encodeShard(fresh)), 'reused rows equal freshly quantized ones');
    assert.ok(encodeShard(decodeShard(encodeShard(kept))).equals(encodeShard(fresh)), 'and stay so over a second rewrite');
  });

  it('reads any set of chunks in the order asked, coalescing nearby records into shared reads', async () => {
    // Texts of mixed size: small neighbours share a read, a 40 KB record leaves a gap that splits
    // reads, a 700 KB record exceeds one read's span on its own.
    const sizes = Array.from({ length: 300 }, (_, i) => (i === 150 ? 700_000 : i % 37 === 5 ? 40_000 : 20 + (i % 7) * 30));
    const items = sizes.map((n, i) => ({ ...item(i, randomUnit(8)), metadata: { ...item(i, null).metadata, text: `t${i}:` + 'x'.repeat(n) } }));
    const file = join(dir, 'cold.lore');
    await fs.writeFile(file, encodeShard({ version: 1, metadata_config: {}, items }));
    const shard = await Shard.open(0, file);
    shard.live.fill(1); // the store marks rows live from its file table; every row is live here
    const all = new Map<string, string>();
    for await (const c of shard.liveChunks()) all.set(c.id, c.text);
    assert.equal(all.size, 300);
    const asks = [
      [299, 0, 150, 151, 149, 5, 6, 4, 42, 42, 3],
      Array.from({ length: 300 }, (_, i) => 299 - i),
      Array.from({ length: 60 }, (_, i) => (i * 97) % 300),
      [150],
      [],
    ];
    for (const rows of asks) {
      const got = await shard.readChunks(rows);
      assert.deepEqual(got.map((c) => c.id), rows.map((r) => `id${r}`));
      for (const c of got) assert.equal(c.text, all.get(c.id), `text of ${c.id}`);
      assert.ok(got.every((c, i) => c.startLine === rows[i]), 'each chunk carries its own record');
    }
    await shard.close();
  });

  it('SIMD kernel and JS fallback compute the same integer dot products', () => {
    assert.ok(int8Kernel(), 'WebAssembly SIMD available on Node 20');
    for (const dims of [768, 20]) {
      const rows = 37;
      const m = new QuantizedRows(rows, dims);
      assert.equal(m.simd, true);
      for (let r = 0; r < rows; r++) for (let j = 0; j < dims; j++) m.q[r * m.stride + j] = Math.round(Math.random() * 254 - 127);
      const q16 = Int16Array.from({ length: m.stride }, (_, j) => (j < dims ? Math.round(Math.random() * 65534 - 32767) : 0));
      const simd = Int32Array.from(m.dots(q16));
      const js = new Int32Array(rows);
      scanRowsJs(q16, m.q, rows, m.stride, js);
      assert.deepEqual(simd, js);
      let exact = 0;
      for (let j = 0; j < dims; j++) exact += q16[j] * m.q[5 * m.stride + j];
      assert.equal(simd[5], exact);
    }
  });

  it('ranks quantized rows like exact cosine', () => {
    const dims = 64;
    const rows = 500;
    const floats = new Float32Array(rows * dims);
    for (let r = 0; r < rows; r++) floats.set(randomUnit(dims), r * dims);
    const m = quantizeRows(floats, rows, dims);
    const shard = {
      count: rows, loadedVectors: m, live: new Uint8Array(rows).fill(1),
      vectorRow: (r: number) => r, id: (r: number) => `r${r}`, pathOf: (r: number) => `f${r % 7}.ts`,
    } as unknown as Shard;
    for (let t = 0; t < 20; t++) {
      const query = randomUnit(dims);
      const exact = Array.from({ length: rows }, (_, r) => {
        let s = 0;
        for (let j = 0; j < dims; j++) s += query[j] * floats[r * dims + j];
        return s;
      });
      const best = exact.indexOf(Math.max(...exact));
      const [hit] = scanShards([shard], query, 1);
      assert.ok(Math.abs(hit.score - exact[best]) < 5e-3, `score ${hit.score} vs ${exact[best]}`);
      // Ties within the quantization error may swap; anything else must be the exact winner.
      assert.ok(hit.id === `r${best}` || exact[best] - exact[Number(hit.id.slice(1))] < 1e-2);
      assert.equal(hit.path, `f${Number(hit.id.slice(1)) % 7}.ts`, 'a hit names its file');
    }
  });
});
