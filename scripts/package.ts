// `npm run package`: a minified production build packed into lore.vsix with @vscode/vsce.
// The build runs in a staging folder (src/, webview/, node_modules/ linked in; manifest, docs and media
// copied), not in dist/: other builds and test runs write dist/ at any time, and a file that changes while
// vsce zips it breaks the archive ("file data stream has unexpected number of bytes").
// What goes into the VSIX is decided by .vscodeignore (an allow-list). Prints the VSIX's size.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const out = resolve(repo, process.argv[2] ?? 'lore.vsix');
const LINKED = ['src', 'webview', 'node_modules', 'tsconfig.json'];
const COPIED = ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media', 'docs/images'];

const stage = mkdtempSync(join(tmpdir(), 'lore-package-'));
try {
  for (const name of LINKED) symlinkSync(join(repo, name), join(stage, name));
  for (const name of COPIED) if (existsSync(join(repo, name))) cpSync(join(repo, name), join(stage, name), { recursive: true });
  execFileSync(process.execPath, [join(repo, 'esbuild.mjs'), '--minify'], { cwd: stage, stdio: 'inherit' });
  // The `lore` CLI is for terminals and benchmarks, not for VS Code.
  rmSync(join(stage, 'dist', 'cli.js'), { force: true });
  const vsce = join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
  // --no-dependencies: everything is bundled, node_modules must not be walked. No public repository URL
  // exists yet, so README links stay relative (vsce would otherwise refuse to guess their base URL).
  const flags = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];
  execFileSync(process.execPath, [vsce, 'package', ...flags, '--out', out], { cwd: stage, stdio: 'inherit' });
  console.log(`package: ${out} (${(statSync(out).size / 1024 / 1024).toFixed(2)} MiB)`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
