/**
 * Lazy, shared loading of web-tree-sitter and its grammars. The runtime is initialised once and each
 * grammar is loaded at most once per process: the promise is cached, so concurrent chunkers share the
 * same load. Parsers are reused per grammar (parsing is synchronous, so one parser per grammar is
 * safe in a single JS thread).
 *
 * Where the wasm files live: in the esbuild bundle (dist/) they sit next to the bundle
 * (`dist/web-tree-sitter.wasm`, `dist/grammars/`); under tsx they come from node_modules.
 * `setGrammarDir()` overrides the grammar folder (tests, packaged layouts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let grammarDirOverride: string | undefined;
let runtime: Promise<void> | undefined;
const grammars = new Map<string, Promise<Language>>();
const parsers = new Map<string, Parser>();
const stats = { runtimeInits: 0, grammarLoads: new Map<string, number>() };

/** In a CommonJS context (tsx, the esbuild bundle) `require`/`__dirname` exist; elsewhere resolve from cwd. */
const req: NodeJS.Require = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'));
const bundleDir: string | undefined = typeof __dirname === 'string' ? __dirname : undefined;

/** Use grammar files from `dir` (containing `tree-sitter-<name>.wasm`); `undefined` restores the default. */
export function setGrammarDir(dir: string | undefined): void {
  grammarDirOverride = dir;
}

function runtimeWasmPath(): string {
  if (bundleDir !== undefined) {
    const local = join(bundleDir, 'web-tree-sitter.wasm');
    if (existsSync(local)) return local;
  }
  return req.resolve('web-tree-sitter/web-tree-sitter.wasm');
}

/** Folder holding `tree-sitter-<name>.wasm`. */
export function grammarDir(): string {
  if (grammarDirOverride !== undefined) return grammarDirOverride;
  if (bundleDir !== undefined) {
    const local = join(bundleDir, 'grammars');
    if (existsSync(local)) return local;
  }
  return join(dirname(req.resolve('@cursorless/tree-sitter-wasms/package.json')), 'out');
}

function initRuntime(): Promise<void> {
  if (!runtime) {
    stats.runtimeInits++;
    const wasm = runtimeWasmPath();
    // An explicit locateFile keeps working in the CJS bundle, where import.meta.url is only a shim.
    runtime = Parser.init({ locateFile: () => wasm }).catch((err: unknown) => {
      runtime = undefined; // let a later call retry instead of caching the failure forever
      throw err;
    });
  }
  return runtime;
}

/** The grammar `name` (e.g. `typescript`, `c_sharp`), loaded once and shared. */
export function loadGrammar(name: string): Promise<Language> {
  let pending = grammars.get(name);
  if (!pending) {
    stats.grammarLoads.set(name, (stats.grammarLoads.get(name) ?? 0) + 1);
    pending = initRuntime().then(() => Language.load(join(grammarDir(), `tree-sitter-${name}.wasm`)));
    const mine = pending;
    // A failed load (missing file) is forgotten so that a later call can retry.
    mine.catch(() => { if (grammars.get(name) === mine) grammars.delete(name); });
    grammars.set(name, pending);
  }
  return pending;
}

/** A parser bound to grammar `name`, reused across files. */
export async function parserFor(name: string): Promise<Parser> {
  const language = await loadGrammar(name);
  let parser = parsers.get(name);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(name, parser);
  }
  return parser;
}

/** How often the runtime and each grammar were actually loaded (for tests and diagnostics). */
export function grammarStats(): { runtimeInits: number; grammarLoads: Record<string, number> } {
  return { runtimeInits: stats.runtimeInits, grammarLoads: Object.fromEntries(stats.grammarLoads) };
}
