/**
 * `tsx bench/keywordSaveBlock.ts <cached synthetic index dir> [--lazy-from N]`: one file of a generated
 * index (`npm run bench` caches them in ~/.cache/lore-bench/indexes/<name>) is edited and updated,
 * then the index is closed, which saves the keyword index as the 30 s timer does while the user edits.
 * Prints that save's time and the longest event-loop block during it; restores the file afterwards.
 * `--lazy-from` sets FolderIndexOptions.keywordLazySaveFrom (a huge value = always merge and rewrite).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FolderIndex } from '../src/indexer/folderIndex';
import { EMBED_MODEL, simEmbedder, startSim } from './lib/sim';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'lazy-from': { type: 'string', default: '20000' } } });
const root = positionals[0];
if (!root) throw new Error('usage: tsx bench/keywordSaveBlock.ts <cached synthetic index dir> [--lazy-from N]');

async function main(): Promise<void> {
  const sim = await startSim(0);
  const folder = join(root, 'folder');
  const open = (lazyFrom?: number) =>
    FolderIndex.open({ folder, indexDir: join(root, 'index'), model: EMBED_MODEL, embedder: simEmbedder(sim), keywordLazySaveFrom: lazyFrom });
  const index = await open(Number(values['lazy-from']));
  const entry = readdirSync(join(folder, 'copy0'), { recursive: true, withFileTypes: true }).find((e) => e.isFile() && /\.(js|ts)$/.test(e.name));
  if (!entry) throw new Error(`no source file under ${folder}/copy0`);
  const file = join(entry.parentPath, entry.name);
  const original = readFileSync(file, 'utf8');
  try {
    writeFileSync(file, `${original}\n// edited ${Date.now()}\n`);
    await index.update({ paths: [file] });
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const t0 = performance.now();
    await index.close();
    clearInterval(timer);
    console.log(`keyword save after one edit (lazy from ${values['lazy-from']}): ${(performance.now() - t0).toFixed(0)} ms, longest block ${longest.toFixed(0)} ms`);
  } finally {
    writeFileSync(file, original);
    const again = await open();
    await again.update({ paths: [file] });
    await again.close();
    await sim.stop();
  }
}
void main();
