/**
 * The projects of the development set: real npm packages written by other people, pinned to exact
 * versions so every run sees the same text. Licences are the packages' own (package.json + LICENSE
 * files in the tarball); see README.md for what is used from each.
 */
export interface EvalProject {
  name: string;
  version: string;
  license: string;
  /** Languages whose doc comments become queries. */
  languages: string;
  /** Globs (package-relative) left out of the indexed copy; built-in excludes (dist/, node_modules/) apply too. */
  exclude?: string[];
}

export const PROJECTS: readonly EvalProject[] = [
  { name: 'commander', version: '14.0.0', license: 'MIT', languages: 'JavaScript, TypeScript (d.ts), Markdown' },
  { name: 'express', version: '5.1.0', license: 'MIT', languages: 'JavaScript, Markdown' },
  { name: 'markdown-it', version: '14.1.0', license: 'MIT', languages: 'JavaScript (ESM), Markdown' },
  { name: 'node-gyp', version: '11.2.0', license: 'MIT (gyp: BSD-3-Clause; vendored packaging: Apache-2.0 OR BSD-2-Clause)', languages: 'Python, JavaScript, Markdown' },
  { name: 'rxjs', version: '7.8.2', license: 'Apache-2.0', languages: 'TypeScript, Markdown' },
  { name: 'immer', version: '10.1.1', license: 'MIT', languages: 'TypeScript, Markdown' },
  { name: 'fastify', version: '5.4.0', license: 'MIT', languages: 'JavaScript, TypeScript (d.ts), Markdown (docs/)' },
];

/** Markdown files whose headings are version numbers or boilerplate, not questions anyone asks. */
export const MARKDOWN_SKIP = /(^|\/)(CHANGELOG|HISTORY|History|LICENSE|CODE_OF_CONDUCT|SECURITY)[^/]*$/i;

/** Hits asked for per query: 30 chunks hold at least 10 distinct files with the per-file cap of 3. */
export const SEARCH_K = 30;
/** Ranks beyond this count as misses (Acc@10, MRR@10). */
export const CUTOFF = 10;

/** Where tarballs and their extracted trees are cached between runs (outside the repository). */
export function cacheDir(): string {
  return process.env.LORE_EVAL_CACHE ?? `${process.env.HOME ?? '/tmp'}/.cache/lore-eval`;
}
