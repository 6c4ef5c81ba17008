/**
 * Peak memory and time of extracting a DOCX bomb (test/support/docxBomb.ts) through the extraction
 * worker. The bomb is made by a first process, so the measuring one holds only the file's bytes:
 *   node --import tsx bench/docxBomb.ts make /tmp/bomb.docx [paragraphs=5000000]
 *   node --import tsx bench/docxBomb.ts /tmp/bomb.docx [maxChars=1048576]
 * Peak RSS is the process's VmHWM (/proc/self/status), which includes the worker thread's heap.
 * A large maxChars lifts the decompressed-size check, leaving the worker's heap limit to act.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extractDocument } from '../src/indexer/extract';
import { makeDocxBomb } from '../test/support/docxBomb';

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function main(): Promise<void> {
  const [first, second] = process.argv.slice(2);
  if (first === 'make') {
    writeFileSync(second, makeDocxBomb(Number(process.argv[4] ?? 5_000_000)));
    return;
  }
  const bomb = readFileSync(first);
  const maxChars = Number(second ?? 1024 * 1024);
  const before = peakRssMb();
  const t0 = performance.now();
  let outcome: string;
  try {
    const doc = await extractDocument('docx', new Uint8Array(bomb), maxChars);
    outcome = `extracted ${doc.sections.length} sections`;
  } catch (err) {
    outcome = `${(err as { reason?: string }).reason ?? 'error'}: ${err instanceof Error ? err.message : String(err)}`;
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ fileKb: Math.round(bomb.length / 1024), maxChars, seconds: Number(seconds.toFixed(1)), peakRssMbBefore: before, peakRssMb: peakRssMb(), outcome }));
  process.exit(0);
}

void main();
