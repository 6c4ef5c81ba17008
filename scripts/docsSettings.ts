// `npm run docs:settings`: rewrites README.md's generated blocks (settings, commands and keybindings)
// from package.json. `--check` only reports whether they are stale (exit 1), for CI or a pre-commit hook.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BLOCKS, localizeManifest, readBlock, renderBlock, replaceBlock, type Manifest } from './readmeTables';

const repo = resolve(import.meta.dirname, '..');
const read = (name: string): unknown => JSON.parse(readFileSync(resolve(repo, name), 'utf8'));
// package.json holds %key% placeholders; the README documents the English strings of package.nls.json.
const manifest = localizeManifest(read('package.json') as Manifest, read('package.nls.json') as Record<string, string>);
const readmePath = resolve(repo, 'README.md');
const before = readFileSync(readmePath, 'utf8');
let after = before;
for (const name of BLOCKS) after = replaceBlock(after, name, renderBlock(name, manifest));

const stale = BLOCKS.filter((name) => readBlock(before, name) !== renderBlock(name, manifest));
if (process.argv.includes('--check')) {
  console.log(stale.length ? `README.md is stale: ${stale.join(', ')} (run npm run docs:settings)` : 'README.md tables are up to date');
  process.exit(stale.length ? 1 : 0);
}
if (after !== before) writeFileSync(readmePath, after);
console.log(stale.length ? `README.md: rewrote ${stale.join(', ')}` : 'README.md tables were up to date');
