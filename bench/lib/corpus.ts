import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/**
 * The real corpus: sources and docs of published npm packages at exact versions, fetched with
 * `npm pack` (the ordinary client) and unpacked side by side into a cache directory outside the
 * repository. Each package is unpacked as a plain directory (not under node_modules, which
 * discovery's built-in excludes would skip); node_modules that some tarballs bundle stay excluded.
 */
export const CORPUS_PACKAGES = [
  'three@0.160.0', // JavaScript sources (src/, examples/jsm)
  'rxjs@7.8.1', // TypeScript sources + compiled CJS/ESM + .d.ts
  'lodash@4.17.21', // ~1,000 small CommonJS modules
  'core-js@3.37.1', // ~3,500 tiny modules
  'typescript@5.4.5', // lib .d.ts files (the big compiler files exceed the size limit)
  '@types/node@20.14.2', // large .d.ts files with long doc comments
  'npm@10.8.2', // docs/content/**/*.md + lib/
  'eslint-plugin-unicorn@52.0.0', // rule sources + docs/rules/*.md
  'eslint-plugin-react@7.34.1', // rule sources + docs/rules/*.md
  'yargs@17.7.2',
];

const CORPUS_VERSION = 'v1';

export function benchCacheDir(): string {
  return process.env.LORE_BENCH_CACHE ?? join(os.homedir(), '.cache', 'lore-bench');
}

function dirName(spec: string): string {
  return spec.replace(/^@/, '').replace(/\//g, '__');
}

/** Directory holding one sub-directory per package; downloaded on first use. */
export function ensureCorpus(log: (m: string) => void = () => undefined): string {
  const root = join(benchCacheDir(), `corpus-${CORPUS_VERSION}`);
  const done = join(root, '.complete');
  if (existsSync(done)) return root;
  mkdirSync(root, { recursive: true });
  const tmp = mkdtempSync(join(os.tmpdir(), 'lore-bench-pack-'));
  try {
    for (const spec of CORPUS_PACKAGES) {
      const dest = join(root, dirName(spec));
      if (existsSync(dest)) continue;
      log(`fetching ${spec}`);
      execFileSync('npm', ['pack', spec, '--pack-destination', tmp, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
      const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
      if (!tgz) throw new Error(`npm pack ${spec} produced no tarball`);
      const staging = join(tmp, 'x');
      mkdirSync(staging, { recursive: true });
      execFileSync('tar', ['xzf', join(tmp, tgz), '-C', staging, '--strip-components=1']);
      renameSync(staging, dest);
      rmSync(join(tmp, tgz));
    }
    writeFileSync(done, CORPUS_PACKAGES.join('\n') + '\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return root;
}
