/** A file (and maybe a line) a query points at, e.g. a frame of a pasted stack trace. */
export interface PathHint {
  /** As written, with `\` turned into `/` and `file://` / `./` removed; may be absolute. */
  path: string;
  /** 1-based line when the reference had one. */
  line?: number;
}

/**
 * Extensions a path hint must end with. A closed list keeps `example.com:8080`, `v1.2:3` or
 * `e.g.` from passing for file references.
 */
const EXT =
  'tsx?|jsx?|mjs|cjs|mts|cts|py|pyi|go|java|kt|kts|scala|groovy|rs|rb|php|cs|fs|vb|c|h|cc|cpp|cxx|hpp|hh|hxx|m|mm|swift|dart|lua|ex|exs|erl|hs|ml|clj|cljs|elm|r|jl|sh|bash|zsh|ps1|sql|vue|svelte|astro|html?|css|scss|sass|less|md|mdx|rst|txt|json|jsonc|ya?ml|toml|ini|xml|gradle|proto|graphql|tf';

const PATH_CHARS = String.raw`[\w.\-/\\@~+%]`;
/** `path.ext:line[:col]` (Node, Go, Rust, Java `Foo.java:33`, compilers and linters). */
const PATH_LINE = new RegExp(String.raw`((?:file:\/\/)?(?:[A-Za-z]:)?${PATH_CHARS}*\.(?:${EXT})):(\d+)(?::\d+)?\b`, 'g');
/** Python: `File "app/x.py", line 3`. */
const PY_FRAME = /File "([^"\n]+)", line (\d+)/g;
/** A bare path or file name with a known extension (`src/indexer/store.ts`, `folderIndex.ts`). */
const BARE_PATH = new RegExp(String.raw`(?<![\w/\\.:])((?:[A-Za-z]:)?${PATH_CHARS}*\.(?:${EXT}))(?![\w/\\])`, 'g');

/**
 * Frames from dependencies, the runtime or the standard library: their paths are not in the
 * workspace and their function names (`processTicksAndRejections`, `gopanic`) only add noise.
 */
const FOREIGN_FRAME =
  /node_modules|node:internal|\(node:|site-packages|dist-packages|<frozen |\/usr\/lib\/|\/usr\/local\/go\/|\/go\/src\/runtime\/|\bruntime\/\w+\.go|\bat (?:java|javax|sun|jdk)\.|java\.base\/|^\s*(?:runtime|reflect|testing)\.\w/;

export function isForeignFrame(line: string): boolean {
  return FOREIGN_FRAME.test(line);
}

export function normalizeHintPath(path: string): string {
  return path
    .replace(/^file:\/\//, '')
    .replace(/\\/g, '/')
    .replace(/^\.\//, '');
}

/**
 * Path hints found in one line, and the line with those references cut out (so their digits and
 * path segments do not reach the keyword query as terms).
 */
export function extractPathHints(line: string): { hints: PathHint[]; rest: string } {
  const hints: PathHint[] = [];
  const cut = (re: RegExp, withLine: boolean) => {
    line = line.replace(re, (_m, path: string, lineNo?: string) => {
      const hint: PathHint = { path: normalizeHintPath(path) };
      if (withLine && lineNo) hint.line = Number(lineNo);
      hints.push(hint);
      return ' ';
    });
  };
  cut(PY_FRAME, true);
  cut(PATH_LINE, true);
  cut(BARE_PATH, false);
  return { hints, rest: line };
}

/** Distinct hints; a path with a line makes the same path without one redundant. */
export function dedupeHints(hints: readonly PathHint[]): PathHint[] {
  const withLine = new Set(hints.filter((h) => h.line !== undefined).map((h) => h.path));
  const seen = new Set<string>();
  const out: PathHint[] = [];
  for (const h of hints) {
    if (h.line === undefined && withLine.has(h.path)) continue;
    const key = `${h.path}:${h.line ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
  }
  return out;
}

/** Last path segment without its extension (`src/bar.ts` -> `bar`). */
export function hintStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Whether a workspace-relative chunk path is the file a hint names. Hints may be absolute
 * (`/home/u/proj/src/x.ts` ends with `/src/x.ts`) or partial (`x.ts`, `Foo.java`).
 */
export function hintMatchesPath(hintPath: string, chunkPath: string): boolean {
  return hintPath === chunkPath || hintPath.endsWith(`/${chunkPath}`) || chunkPath.endsWith(`/${hintPath}`);
}
