// The chunker must work inside the esbuild CJS bundles (dist/extension.js, dist/cli.js), where
// web-tree-sitter's import.meta.url is only a shim and the wasm files sit next to the bundle.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const root = join(__dirname, '..', '..');
const req = createRequire(join(root, 'package.json'));

describe('chunking in an esbuild bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lore-chunk-bundle-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses TypeScript with the wasm files copied next to the bundle', async () => {
    const entry = join(dir, 'entry.ts');
    const api = JSON.stringify(join(root, 'src', 'indexer', 'chunking')).replace(/\\\\/g, '/');
    writeFileSync(entry, `import { chunkFile, grammarDir } from ${api};
const source = 'import { x } from "y";\\n\\nexport class Store {\\n  save(): void {\\n    x();\\n  }\\n}\\n\\nexport function load(): Store {\\n  return new Store();\\n}\\n';
void chunkFile('src/store.ts', source, { minTokens: 0 }).then((chunks) => {
  console.log(JSON.stringify({ grammarDir: grammarDir(), chunks: chunks.map((c) => [c.startLine, c.endLine, c.symbol ?? null]) }));
});
`);
    const dist = join(dir, 'dist');
    // Same options as esbuild.mjs (nodeCommon + its import.meta.url shim).
    await build({
      entryPoints: [entry], outfile: join(dist, 'cli.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20',
      logLevel: 'silent', banner: { js: "const __lore_import_meta_url = require('url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__lore_import_meta_url' },
    });
    mkdirSync(join(dist, 'grammars'));
    copyFileSync(req.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
    const grammars = join(dirname(req.resolve('@cursorless/tree-sitter-wasms/package.json')), 'out');
    copyFileSync(join(grammars, 'tree-sitter-typescript.wasm'), join(dist, 'grammars', 'tree-sitter-typescript.wasm'));

    // Run from the temp dir: node_modules is out of reach, so only the dist layout can work.
    const { stdout } = await promisify(execFile)(process.execPath, [join(dist, 'cli.js')], { cwd: dir });
    const out = JSON.parse(stdout) as { grammarDir: string; chunks: [number, number, string | null][] };
    assert.equal(out.grammarDir, join(dist, 'grammars'));
    assert.deepEqual(out.chunks, [[1, 1, null], [3, 7, 'class Store'], [9, 11, 'function load']]);
  });
});
