import {
  Field, FixedSizeList, Float32, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeData, vectorFromArray,
} from 'apache-arrow';
import type { BulkData, PreparedFile } from './bulkData';

/**
 * The development-only peer of the bulk-write bench: LanceDB (@lancedb/lancedb, pinned in
 * devDependencies; never imported by src/). Same rows as Lore stores per chunk - id, path, kind,
 * language, lines, symbol, hash, text, embedding key - plus the float32 vector, written in the
 * same batches, each converted to Arrow inside the timed part (columns built from typed arrays, the
 * fastest input LanceDB takes). Then, timed apart, its full-text index on the text column (the
 * counterpart of Lore's keyword index).
 */
export interface LanceTimes {
  writeMs: number;
  writeCpuMs: number;
  ftsMs: number;
  ftsCpuMs: number;
}

/** `cpuMs`: the process's CPU time so far (all threads: LanceDB works on its own Rust thread pool). */
export async function writeLance(dir: string, data: BulkData, batchChunks: number, cpuMs: () => number): Promise<LanceTimes> {
  const t0 = performance.now();
  const cpu0 = cpuMs();
  const lancedb = await import('@lancedb/lancedb');
  const db = await lancedb.connect(dir);
  let table: Awaited<ReturnType<typeof db.createTable>> | undefined;
  let batch: PreparedFile[] = [];
  let inBatch = 0;
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const arrow = toArrow(batch, inBatch, data.dims);
    if (table) await table.add(arrow);
    else table = await db.createTable('chunks', arrow, { mode: 'overwrite' });
    batch = [];
    inBatch = 0;
  };
  for (const f of data.files) {
    batch.push(f);
    inBatch += f.update.chunks.length;
    if (inBatch >= batchChunks) await flush();
  }
  await flush();
  const rows = table ? await table.countRows() : 0;
  if (!table || rows !== data.chunks) throw new Error(`LanceDB holds ${rows} rows, expected ${data.chunks}`);
  const writeMs = performance.now() - t0;
  const writeCpuMs = cpuMs() - cpu0;
  // Lore's total includes its keyword index; LanceDB's counterpart is a full-text index on the text.
  await table.createIndex('text', { config: lancedb.Index.fts() });
  const ftsMs = performance.now() - t0 - writeMs;
  const ftsCpuMs = cpuMs() - cpu0 - writeCpuMs;
  table.close();
  db.close();
  return { writeMs, writeCpuMs, ftsMs, ftsCpuMs };
}

function toArrow(files: PreparedFile[], n: number, dims: number): Table {
  const chunks = files.flatMap((f) => f.update.chunks);
  const embeds = files.flatMap((f) => f.hashes);
  const floats = new Float32Array(n * dims);
  let row = 0;
  for (const f of files) for (const v of f.update.vectors) floats.set(v, row++ * dims);
  const str = (values: (string | null)[]) => vectorFromArray(values, new Utf8()).data[0];
  const int = (values: number[]) => makeData({ type: new Int32(), length: n, data: Int32Array.from(values) });
  const vecType = new FixedSizeList(dims, new Field('item', new Float32(), false));
  const columns = {
    id: str(chunks.map((c) => c.id)),
    path: str(chunks.map((c) => c.path)),
    kind: str(chunks.map((c) => c.kind)),
    language: str(chunks.map((c) => c.language)),
    startLine: int(chunks.map((c) => c.startLine)),
    endLine: int(chunks.map((c) => c.endLine)),
    symbol: str(chunks.map((c) => c.symbol ?? null)),
    hash: str(chunks.map((c) => c.hash)),
    text: str(chunks.map((c) => c.text)),
    embed: str(embeds),
    vector: makeData({ type: vecType, length: n, nullCount: 0, child: makeData({ type: new Float32(), length: n * dims, data: floats }) }),
  };
  const fields = Object.entries(columns).map(([name, d]) => new Field(name, d.type, name === 'symbol'));
  const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children: Object.values(columns) });
  return new Table(new RecordBatch(new Schema(fields), struct));
}
