// Builds the extension (CJS, node), the CLI (CJS, node), the webview (browser, IIFE) and copies the wasm
// files Lore needs into dist/. `node esbuild.mjs --watch` rebuilds on change; `--minify` for packaging.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify') || process.env.LORE_MINIFY === '1';
// `--outdir=DIR` builds elsewhere than dist/ (the benchmark measures a minified build without
// touching dist/); `--metafile` writes esbuild's input/output map beside each bundle.
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const metafile = process.argv.includes('--metafile');

/** Grammar files shipped in dist/grammars (keep in sync with src/indexer/chunking/languages.ts). */
export const GRAMMARS = [
  'typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'c_sharp',
  'ruby', 'php', 'kotlin', 'swift', 'bash', 'lua', 'scala',
];

// web-tree-sitter's ESM build reads import.meta.url to find its wasm; in a CJS bundle that is empty,
// so define it from __filename (ARCHITECTURE.md, "Cross-cutting notes"). Chunkers also pass an explicit locateFile.
const importMetaShim = {
  banner: { js: "const __lore_import_meta_url = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__lore_import_meta_url' },
};

// Lore only uses vectra's LocalIndex (with its own codec and storage). vectra's package entry also
// loads its servers, gRPC, OpenAI and transformers.js integrations; bundling those would add
// megabytes and an unresolvable optional import, so `vectra` resolves to the LocalIndex module.
const vectraLocalIndexOnly = {
  name: 'vectra-local-index-only',
  setup(build) {
    const file = join(dirname(require.resolve('vectra')), 'LocalIndex.js');
    build.onResolve({ filter: /^vectra$/ }, () => ({ path: file }));
    // LocalIndex loads wink-nlp + its English model (3.5 MB) and wink-bm25 for vectra's own BM25,
    // which Lore never uses: a stub that throws if called stands in (src/bundleStubs).
    const stub = join(dirname(fileURLToPath(import.meta.url)), 'src/bundleStubs/unusedVectraDeps.ts');
    build.onResolve({ filter: /^(wink-nlp|wink-eng-lite-web-model|wink-bm25-text-search)$/ }, () => ({ path: stub }));
    // Only vectra's ProtobufCodec requires it, lazily and inside a try that explains the failure.
    build.onResolve({ filter: /^protobufjs$/ }, () => ({ path: 'protobufjs', external: true }));
  },
};

const nodeCommon = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, minify, metafile,
  logLevel: 'warning', plugins: [vectraLocalIndexOnly], ...importMetaShim,
};

const builds = [
  { ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: `${outdir}/extension.js`, external: ['vscode'] },
  // Document extraction (pdfjs, mammoth) runs in a worker thread of the host and the CLI.
  { ...nodeCommon, entryPoints: ['src/indexer/extract/worker.ts'], outfile: `${outdir}/extractWorker.js` },
  { ...nodeCommon, entryPoints: ['src/cli.ts'], outfile: `${outdir}/cli.js`,
    banner: { js: '#!/usr/bin/env node\n' + importMetaShim.banner.js } },
];
if (existsSync('webview/main.ts')) {
  builds.push({ entryPoints: ['webview/main.ts'], outfile: `${outdir}/webview.js`, bundle: true, platform: 'browser',
    format: 'iife', target: 'es2022', sourcemap: true, minify, metafile, logLevel: 'warning' });
}
if (existsSync('test/integration/index.ts')) {
  builds.push({ ...nodeCommon, entryPoints: ['test/integration/index.ts'], outfile: 'out/test/index.js',
    external: ['vscode', 'mocha'] });
}

function copyWasm() {
  mkdirSync(`${outdir}/grammars`, { recursive: true });
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), `${outdir}/web-tree-sitter.wasm`);
  const grammarDir = join(dirname(require.resolve('@cursorless/tree-sitter-wasms/package.json')), 'out');
  for (const g of GRAMMARS) copyFileSync(join(grammarDir, `tree-sitter-${g}.wasm`), `${outdir}/grammars/tree-sitter-${g}.wasm`);
}

copyWasm();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (metafile) results.forEach((r, i) => writeFileSync(`${builds[i].outfile}.meta.json`, JSON.stringify(r.metafile)));
}
