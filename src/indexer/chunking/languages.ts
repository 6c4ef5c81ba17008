/**
 * Which chunker handles a file, decided from its path alone (the caller skips `undefined` as
 * 'unsupported'). Grammar names are the `tree-sitter-<name>.wasm` files esbuild.mjs copies to
 * dist/grammars: keep the two lists in sync.
 */
import type { ChunkKind } from '../types';

export interface LanguageInfo {
  /** Language id stored on chunks (`typescript`, `python`, `markdown`, `json`, `text`...). */
  id: string;
  kind: ChunkKind;
  /** tree-sitter grammar; present for every `code` language. */
  grammar?: string;
}

const code = (id: string, grammar: string = id): LanguageInfo => ({ id, kind: 'code', grammar });
const text = (id: string): LanguageInfo => ({ id, kind: 'text' });
const doc = (id: string): LanguageInfo => ({ id, kind: 'doc' });

const BY_EXTENSION: Record<string, LanguageInfo> = {
  ts: code('typescript'), mts: code('typescript'), cts: code('typescript'),
  tsx: code('tsx'),
  js: code('javascript'), mjs: code('javascript'), cjs: code('javascript'), jsx: code('javascript'),
  py: code('python'), pyi: code('python'),
  go: code('go'),
  rs: code('rust'),
  java: code('java'),
  c: code('c'), h: code('c'),
  cc: code('cpp'), cpp: code('cpp'), cxx: code('cpp'), hpp: code('cpp'), hh: code('cpp'), hxx: code('cpp'),
  cs: code('csharp', 'c_sharp'),
  rb: code('ruby'), rake: code('ruby'),
  php: code('php'),
  kt: code('kotlin'), kts: code('kotlin'),
  swift: code('swift'),
  sh: code('bash'), bash: code('bash'),
  lua: code('lua'),
  scala: code('scala'), sc: code('scala'),

  md: doc('markdown'), mdx: doc('markdown'), markdown: doc('markdown'),
  txt: doc('text'), text: doc('text'),
  rst: doc('restructuredtext'),
  adoc: doc('asciidoc'), asciidoc: doc('asciidoc'),
  // Documents: read through src/indexer/extract, which sets each chunk's language and kind.
  pdf: doc('pdf'), docx: doc('docx'), ipynb: doc('notebook'),

  json: text('json'), jsonc: text('json'), json5: text('json'),
  yaml: text('yaml'), yml: text('yaml'),
  toml: text('toml'),
  ini: text('ini'), cfg: text('ini'), conf: text('ini'), properties: text('properties'),
  xml: text('xml'), xsd: text('xml'), svg: text('xml'), plist: text('xml'),
  html: text('html'), htm: text('html'), vue: text('vue'), svelte: text('svelte'),
  css: text('css'), scss: text('scss'), sass: text('scss'), less: text('less'),
  sql: text('sql'),
  graphql: text('graphql'), gql: text('graphql'),
  proto: text('proto'),
  tf: text('hcl'), hcl: text('hcl'),
  gradle: text('groovy'),
  cmake: text('cmake'),
  mk: text('makefile'),
  dockerfile: text('dockerfile'),
};

/** Well-known files without a telling extension. Keys are lower-case base names. */
const BY_NAME: Record<string, LanguageInfo> = {
  dockerfile: text('dockerfile'), containerfile: text('dockerfile'),
  makefile: text('makefile'), gnumakefile: text('makefile'),
  'cmakelists.txt': text('cmake'),
  gemfile: code('ruby'), rakefile: code('ruby'),
  '.gitignore': text('ignore'), '.dockerignore': text('ignore'), '.npmignore': text('ignore'),
  '.loreignore': text('ignore'), '.eslintignore': text('ignore'), '.prettierignore': text('ignore'),
  '.gitattributes': text('ini'), '.editorconfig': text('ini'), '.npmrc': text('ini'),
  '.prettierrc': text('json'), '.eslintrc': text('json'), '.babelrc': text('json'),
  '.bashrc': code('bash'), '.bash_profile': code('bash'), '.profile': code('bash'),
  license: doc('text'), copying: doc('text'), readme: doc('text'), authors: doc('text'),
};

/** Language of a file from its path (POSIX or native separators), or undefined when Lore has no chunker for it. */
export function languageForPath(path: string): LanguageInfo | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  const named = BY_NAME[base];
  if (named) return named;
  // `Dockerfile.dev`, `Makefile.am` and friends.
  if (base.startsWith('dockerfile.')) return BY_NAME.dockerfile;
  if (base.startsWith('makefile.')) return BY_NAME.makefile;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return BY_EXTENSION[base.slice(dot + 1)];
}

/** Every grammar some language needs (what dist/grammars must contain). */
export function supportedGrammars(): string[] {
  const all = [...Object.values(BY_EXTENSION), ...Object.values(BY_NAME)].map((l) => l.grammar);
  return [...new Set(all.filter((g): g is string => g !== undefined))].sort();
}
