// Chunking throughput over real files from node_modules. The figures are printed, not asserted
// (machines differ); what is asserted is the chunking invariant on every one of those files.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { chunkFile, DEFAULT_MAX_TOKENS, estimateTokens, languageForPath, loadGrammar } from '../../src/indexer/chunking';
import { assertCoverage } from './chunkInvariant';

const root = join(__dirname, '..', '..');
const nm = join(root, 'node_modules');

function listFiles(dir: string, limit: number, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= limit) return;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && accept(e.name) && statSync(p).size <= 1024 * 1024) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function corpus(): string[] {
  const sources = [
    listFiles(join(nm, 'typescript', 'lib'), 120, (n) => n.endsWith('.d.ts')),
    listFiles(join(nm, 'minisearch', 'src'), 20, () => true),
    listFiles(join(nm, 'ollama', 'src'), 20, () => true),
    listFiles(join(nm, 'vectra', 'src'), 60, (n) => languageForPath(n) !== undefined),
    listFiles(join(nm, 'highlight.js', 'lib', 'languages'), 120, (n) => n.endsWith('.js')),
    listFiles(join(nm, 'flatted'), 10, (n) => /\.(py|go|php)$/.test(n)),
    readdirSync(nm).map((p) => join(nm, p, 'README.md')).filter((p) => existsSync(p)).slice(0, 80),
  ];
  return sources.flat();
}

describe('chunking throughput on node_modules', () => {
  it('chunks a few hundred real files, keeping the invariant, and reports chunks/s', async (t) => {
    const files = corpus().map((abs) => ({ path: relative(root, abs).replace(/\\/g, '/'), text: readFileSync(abs, 'utf8') }));
    assert.ok(files.length >= 200, `only ${files.length} files found under node_modules`);
    // Grammar loading is a one-off per process; measure it apart from chunking.
    const grammars = [...new Set(files.map((f) => languageForPath(f.path)?.grammar).filter((g): g is string => g !== undefined))];
    const loadStart = performance.now();
    await Promise.all(grammars.map((g) => loadGrammar(g)));
    const loadMs = performance.now() - loadStart;

    const byLanguage = new Map<string, { files: number; chunks: number; ms: number }>();
    let chunks = 0;
    let bytes = 0;
    let symbols = 0;
    const start = performance.now();
    for (const f of files) {
      const t0 = performance.now();
      const out = await chunkFile(f.path, f.text);
      const ms = performance.now() - t0;
      assertCoverage(f.path, f.text, out);
      for (const c of out) {
        const singleLine = c.startLine === c.endLine;
        assert.ok(singleLine || estimateTokens(c.text) <= DEFAULT_MAX_TOKENS, `${f.path}:${c.startLine}-${c.endLine} too big`);
      }
      const lang = out[0]?.language ?? 'empty';
      const s = byLanguage.get(lang) ?? { files: 0, chunks: 0, ms: 0 };
      byLanguage.set(lang, { files: s.files + 1, chunks: s.chunks + out.length, ms: s.ms + ms });
      chunks += out.length;
      bytes += f.text.length;
      symbols += out.filter((c) => c.symbol).length;
    }
    const ms = performance.now() - start;
    const lines = [
      `chunking: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${chunks} chunks (${symbols} with a symbol) in ${ms.toFixed(0)} ms`
        + ` = ${Math.round((chunks / ms) * 1000)} chunks/s, ${Math.round((files.length / ms) * 1000)} files/s, ${((bytes / 1e6) / (ms / 1000)).toFixed(1)} MB/s`,
      `grammar loading (${grammars.join(', ')}): ${loadMs.toFixed(0)} ms once per process`,
      ...[...byLanguage].map(([l, s]) => `  ${l}: ${s.files} files, ${s.chunks} chunks, ${Math.round((s.chunks / s.ms) * 1000)} chunks/s`),
    ];
    for (const l of lines) t.diagnostic(l);
    console.log(lines.join('\n'));
    assert.ok(symbols > chunks / 4, 'most code chunks should carry a symbol');
  });
});
