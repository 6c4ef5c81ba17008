/**
 * Built-in, name-only rules: dependency/build directories, lock files, and files whose name alone
 * says they are binary, minified or generated. They run before any I/O on the file, so keep them to
 * cheap string tests. Content-based checks live in textContent.ts.
 */
import type { SkipReason } from '../types';

export interface Skip {
  reason: SkipReason;
  detail?: string;
}

/** Directory names never descended into, at any depth (VCS data, dependencies, build output, caches). */
const EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn',
  'node_modules', 'bower_components', '.yarn', '.pnpm-store',
  '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache',
  'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache',
  'coverage', '.nyc_output', '.gradle', '.idea', '.vscode-test', '.terraform', '.lore',
]);

/**
 * `vendor/` holds hand-written code in some projects (Rails assets, PHP without Composer), so it is
 * only excluded next to a manifest of a tool that fills it with third-party code.
 */
const VENDOR_MANIFESTS = ['go.mod', 'composer.json', 'Gemfile'];

const LOCK_FILES: ReadonlySet<string> = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb',
  'deno.lock', 'Cargo.lock', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'Gemfile.lock',
  'composer.lock', 'go.sum', 'go.work.sum', 'mix.lock', 'pubspec.lock', 'Podfile.lock',
  'Package.resolved', 'flake.lock', 'packages.lock.json', 'gradle.lockfile', 'conan.lock',
]);

/** Extensions (lower case, without the dot) of formats that are never text. */
const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  // images
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'tif', 'tiff', 'psd', 'heic', 'heif', 'avif',
  // archives and packages
  'zip', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'lz', 'lzma', '7z', 'rar', 'jar', 'war', 'ear',
  'deb', 'rpm', 'apk', 'ipa', 'dmg', 'iso', 'msi', 'vsix', 'nupkg', 'whl', 'gem',
  // fonts
  'ttf', 'otf', 'woff', 'woff2', 'eot',
  // audio and video
  'mp3', 'mp4', 'm4a', 'm4v', 'aac', 'wav', 'ogg', 'oga', 'flac', 'opus', 'avi', 'mov', 'mkv', 'webm',
  // compiled code and libraries
  'wasm', 'exe', 'dll', 'so', 'dylib', 'a', 'o', 'obj', 'lib', 'class', 'pyc', 'pyo', 'pdb', 'node',
  // documents without an extractor (PDF and DOCX have one: src/indexer/extract) and databases
  'doc', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'sqlite', 'sqlite3', 'db',
]);

const MINIFIED_SUFFIXES = ['.min.js', '.min.mjs', '.min.cjs', '.min.css'];

/** Output of code generators and source maps: large, repetitive, and not what anyone asks about. */
const GENERATED_SUFFIXES = [
  '.map', '.pb.go', '.pb.cc', '.pb.h', '_pb2.py', '_pb2_grpc.py', '_pb2.pyi', '.g.dart', '.freezed.dart',
];

/** Why the directory `name` (whose parent holds `hasSibling` entries) is skipped wholesale, if it is. */
export function builtinDirSkip(name: string, hasSibling: (name: string) => boolean): Skip | undefined {
  if (EXCLUDED_DIRS.has(name)) return { reason: 'builtin-exclude', detail: `${name}/` };
  if (name === 'vendor') {
    const manifest = VENDOR_MANIFESTS.find(hasSibling);
    if (manifest) return { reason: 'builtin-exclude', detail: `vendor/ next to ${manifest}` };
  }
  return undefined;
}

/** Name-only verdict for a file; `name` is its basename. */
export function builtinFileSkip(name: string): Skip | undefined {
  // `.git` is a file in worktrees and submodules.
  if (LOCK_FILES.has(name) || name === '.git') return { reason: 'builtin-exclude', detail: name };
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  if (dot > 0 && BINARY_EXTENSIONS.has(lower.slice(dot + 1))) {
    return { reason: 'binary', detail: `extension ${lower.slice(dot)}` };
  }
  const minified = MINIFIED_SUFFIXES.find((s) => lower.endsWith(s));
  if (minified) return { reason: 'minified', detail: `*${minified}` };
  const generated = GENERATED_SUFFIXES.find((s) => lower.endsWith(s));
  if (generated) return { reason: 'generated', detail: `*${generated}` };
  return undefined;
}
