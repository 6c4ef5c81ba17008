/**
 * A workspace of hostile files for discovery/indexing robustness tests: binaries with source
 * extensions, a 50 MB one-line file, broken and unusual encodings, 200 nested directories, symlink
 * loops and escapes, odd file names, FIFOs, and a mutator that keeps files vanishing and changing
 * (and turning into symlinks that point outside the workspace) while an indexer reads them.
 *
 * `expect` lists the outcome of every deterministic entry: 'indexed' or the skip reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SkipReason } from '../../src/indexer/types';

export type Outcome = 'indexed' | SkipReason;

export interface HostileCorpus {
  root: string;
  /** Relative path (as discovery reports it; directories end with '/') -> expected outcome. */
  expect: Map<string, Outcome>;
  /** Word inside each indexed odd-named file: path -> word. */
  markers: Map<string, string>;
  /** Text of a file outside the root that links (and the mutator) point at: must never be indexed. */
  outsideMarker: string;
  /** Files written, links and FIFOs included. */
  entries: number;
}

export interface HostileOptions {
  /** Size of the single-line file (default 50 MB). */
  hugeBytes?: number;
  /** Nesting depth (default 200). */
  depth?: number;
}

const ODD_NAMES = [
  'new\nline.ts', 'tab\tname.py', 'emoji 😀 notes.md', '日本語のメモ.md', 'u\u0308ber-nfd.py', 'über-nfc.py', 'back\\slash.ts',
  '-rf --no-preserve-root.ts', 'rtl\u202Egnp.ts', '#%?&=+.js', 'semi;colon|pipe.ts', `quote's "double".ts`, ' leading space.ts',
  `${'long'.repeat(60)}.ts`, '$(touch pwned).ts', '`id`.sh',
];

export async function buildHostileCorpus(root: string, opts: HostileOptions = {}): Promise<HostileCorpus> {
  const expect = new Map<string, Outcome>();
  const markers = new Map<string, string>();
  let entries = 0;
  const write = async (rel: string, data: string | Buffer, outcome?: Outcome) => {
    const abs = join(root, rel);
    await fs.mkdir(dirname(abs), { recursive: true });
    await fs.writeFile(abs, data);
    entries++;
    if (outcome) expect.set(rel, outcome);
  };
  const link = async (rel: string, target: string, outcome?: Outcome) => {
    await fs.mkdir(dirname(join(root, rel)), { recursive: true });
    await fs.symlink(target, join(root, rel));
    entries++;
    if (outcome) expect.set(rel, outcome);
  };

  await write('README.md', '# Hostile corpus\n\nOrdinary file next to hostile ones.\n', 'indexed');

  // Binaries wearing source extensions.
  await write('bin/blob.ts', randomBytes(64 * 1024), 'binary');
  await write('bin/elf.c', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(8192)]), 'binary');
  await write('bin/image.md', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(4096)]), 'binary');
  await write('bin/nul-inside.py', Buffer.concat([Buffer.from('def f():\n    return 1\n'), Buffer.from([0]), Buffer.from('\n')]), 'binary');
  await write('bin/utf16-no-bom.ts', Buffer.from('const x = 1;\n', 'utf16le'), 'binary');

  // Huge: a 50 MB single line (streamed, not held in memory twice), and a sparse 2 GB file.
  const hugeBytes = opts.hugeBytes ?? 50 * 1024 * 1024;
  const h = await fs.open(join(root, 'huge-one-line.js'), 'w');
  const piece = Buffer.from('var a=1;'.repeat(128 * 1024));
  for (let done = 0; done < hugeBytes; done += piece.length) await h.write(piece, 0, Math.min(piece.length, hugeBytes - done));
  await h.close();
  entries++;
  expect.set('huge-one-line.js', 'too-large');
  const sparse = await fs.open(join(root, 'sparse.ts'), 'w');
  await sparse.truncate(2 * 1024 ** 3);
  await sparse.close();
  entries++;
  expect.set('sparse.ts', 'too-large');
  await write('minified.js', `var x={${Array.from({ length: 40000 }, (_, i) => `k${i}:${i}`).join(',')}};\n`, 'minified');

  // Encodings.
  const prose = Buffer.from('export const value = "plain ascii text";\n'.repeat(40));
  await write('enc/invalid-utf8.ts', Buffer.concat([prose, Buffer.from([0x2f, 0x2f, 0xc3, 0x28, 0x0a]), prose]), 'not-utf8');
  await write('enc/overlong.ts', Buffer.from([0x2f, 0x2f, 0xc0, 0xaf, 0x0a]), 'not-utf8');
  await write('enc/surrogate.ts', Buffer.from([0x2f, 0x2f, 0xed, 0xa0, 0x80, 0x0a]), 'not-utf8');
  await write('enc/latin1.txt', Buffer.from(`${'The menu of the day is written below.\n'.repeat(30)}caf\xe9 cr\xe8me br\xfbl\xe9e\n`, 'latin1'), 'not-utf8');
  await write('enc/utf32.txt', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a\0\0\0b\0\0\0', 'latin1')]), 'not-utf8');
  await write('enc/utf16le-bom.ts', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('export const utf16leMarker = "ok";\n', 'utf16le')]), 'indexed');
  const be = Buffer.from('# utf16beMarker\n\nBig endian text.\n', 'utf16le').swap16();
  await write('enc/utf16be-bom.md', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'indexed');
  await write('enc/bom-only.ts', Buffer.from([0xef, 0xbb, 0xbf]));
  await write('enc/crlf-and-cr.py', 'def crlf():\r\n    return 1\r\ndef cr():\r    return 2\r', 'indexed');
  await write('empty.ts', '');

  // Pathological but valid sources: many lines, deep nesting, many headings.
  await write('stress/many-lines.ts', 'x;\n'.repeat(200_000), 'indexed');
  await write('stress/deep-parens.js', `const v =\n${'(\n'.repeat(20000)}1\n${')\n'.repeat(20000)};\n`, 'indexed');
  await write('stress/headings.md', Array.from({ length: 5000 }, (_, i) => `${'#'.repeat(1 + (i % 6))} H${i}\n\ntext ${i}\n`).join('\n'), 'indexed');
  await write('.gitignore', `${Array.from({ length: 5000 }, (_, i) => `gen${i}/**/*.zzz`).join('\n')}\n[\n**/**/**/**/**/*.ignored\n!keep.ignored\n`);
  await write('ignored/a.ignored', 'never\n', 'gitignore');

  // 200 nested directories with a file at the bottom.
  const depth = opts.depth ?? 200;
  const deep = Array.from({ length: depth }, (_, i) => `d${i}`).join('/');
  await write(`${deep}/leaf.ts`, 'export const deepLeafMarker = 200;\n', 'indexed');

  // Symlinks: loops, escapes, dangling.
  const outside = `${root}-outside`;
  const outsideMarker = `OUTSIDE${randomBytes(6).toString('hex')}`;
  await fs.mkdir(outside, { recursive: true });
  await fs.writeFile(join(outside, 'private.ts'), `export const leaked = "${outsideMarker}";\n`);
  await write('loops/a/b/real.ts', 'export const insideLoop = 1;\n', 'indexed');
  await link('loops/a/b/up', '../..', 'symlink-loop');
  await link('loops/self.ts', 'self.ts', 'symlink-loop');
  await link('loops/ping.ts', 'pong.ts', 'symlink-loop');
  await link('loops/pong.ts', 'ping.ts', 'symlink-loop');
  await link('loops/dangling.ts', 'does-not-exist.ts', 'unreadable');
  await link('loops/etc', '/etc', 'outside-root');
  await link('loops/passwd.ts', '/etc/passwd', 'outside-root');
  await link('loops/private.ts', join(outside, 'private.ts'), 'outside-root');
  await link('loops/alias.ts', 'a/b/real.ts', 'indexed');

  // Odd names, each with a word to find it by.
  for (const [i, name] of ODD_NAMES.entries()) {
    const word = `oddname${i}marker`;
    const ext = name.slice(name.lastIndexOf('.'));
    const body = ext === '.md' ? `# ${word}\n\ntext\n` : ext === '.py' ? `def ${word}():\n    return ${i}\n` : ext === '.sh' ? `${word}() { echo ${i}; }\n` : `export const ${word} = ${i};\n`;
    await write(`names/${name}`, body, 'indexed');
    markers.set(`names/${name}`, word);
  }

  // Not regular files.
  const fifo = join(root, 'special/pipe.ts');
  await fs.mkdir(dirname(fifo), { recursive: true });
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    entries++;
    expect.set('special/pipe.ts', 'unsupported');
  }
  return { root, expect, markers, outsideMarker, entries };
}

/**
 * Keeps `churn/c<i>.ts` vanishing, reappearing with new content, turning into directories, FIFOs,
 * and symlinks to `outsideFile`, as fast as it can, in a separate process (a real race with the
 * indexer's reads). Stop it with `stop()`.
 */
export function startMutator(root: string, outsideFile: string, files = 20): { stop(): Promise<number> } {
  const script = `
    const fs = require('node:fs'); const path = require('node:path'); const { execFileSync } = require('node:child_process');
    const [root, outside, n] = process.argv.slice(1);
    const dir = path.join(root, 'churn'); fs.mkdirSync(dir, { recursive: true });
    let ops = 0; let stop = false;
    process.on('SIGTERM', () => { stop = true; });
    const rm = (p) => { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} };
    const tick = () => {
      for (let k = 0; k < 50 && !stop; k++, ops++) {
        const p = path.join(dir, 'c' + (ops % Number(n)) + '.ts');
        rm(p);
        try {
          switch (ops % 6) {
            case 0: case 1: fs.writeFileSync(p, 'export const churn' + ops + ' = ' + ops + ';\\n'.repeat(1 + (ops % 50))); break;
            case 2: fs.symlinkSync(outside, p); break;
            case 3: fs.mkdirSync(p); fs.writeFileSync(path.join(p, 'inner.ts'), 'export const inner = 1;\\n'); break;
            case 4: if (ops % 12 === 4) execFileSync('mkfifo', [p]); else fs.writeFileSync(p, Buffer.alloc(1000, 0)); break;
            default: break; // vanished
          }
        } catch {}
      }
      if (stop) { process.stdout.write(String(ops)); process.exit(0); }
      setImmediate(tick);
    };
    tick();
  `;
  const child: ChildProcess = spawn(process.execPath, ['-e', script, root, outsideFile, String(files)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: () => new Promise((res) => {
      child.once('exit', () => res(Number(out) || 0));
      child.kill('SIGTERM');
    }),
  };
}
