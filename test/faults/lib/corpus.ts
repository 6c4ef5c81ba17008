import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Rng } from './rng';

/**
 * A plain code corpus for crash and concurrency trials: TypeScript, Python and Markdown files in a
 * few directories, each chunk carrying a unique word (`zq<file>x<n>`) so searches can find it.
 */
const DIRS = ['src/core', 'src/util', 'lib', 'scripts', 'docs'];

function tsFile(id: number, version: number, functions: number): string {
  const parts = [`// module ${id} v${version}\nimport { helper } from './helper';\n`];
  for (let f = 0; f < functions; f++) {
    parts.push(
      `/** Computes the zq${id}x${f} value (revision ${version}). */\n` +
        `export function compute${id}_${f}(input: number[]): number {\n` +
        `  let total = ${f};\n  for (const value of input) {\n    total += helper(value) * ${version + 1};\n  }\n` +
        `  const label = 'zq${id}x${f} result';\n  console.log(label, total);\n  return total;\n}\n`,
    );
  }
  parts.push(`export class Service${id} {\n  constructor(private readonly name = 'svc${id}') {}\n  run(): string {\n    return this.name + ' v${version}';\n  }\n}\n`);
  return parts.join('\n');
}

function pyFile(id: number, version: number, functions: number): string {
  const parts = [`"""Module ${id}, revision ${version}."""\nimport math\n`];
  for (let f = 0; f < functions; f++) {
    parts.push(
      `def handler_${id}_${f}(values):\n    """Returns the zq${id}x${f} figure."""\n    acc = ${version}\n` +
        `    for v in values:\n        acc += math.sqrt(abs(v)) * ${f + 1}\n    return acc\n`,
    );
  }
  return parts.join('\n\n');
}

function mdFile(id: number, version: number, sections: number): string {
  const parts = [`# Guide ${id}\n\nRevision ${version} of the guide.\n`];
  for (let s = 0; s < sections; s++) {
    parts.push(`## Topic zq${id}x${s}\n\nThis section explains topic ${s} of guide ${id}. ` +
      'It has a few sentences so that it forms a chunk of its own. '.repeat(4) + `\n\nVersion marker ${version}.\n`);
  }
  return parts.join('\n');
}

export class CodeCorpus {
  /** Relative path -> [id, version, size]. */
  readonly files = new Map<string, { id: number; version: number; size: number }>();
  private nextId = 0;

  constructor(readonly root: string, private readonly rng: Rng) {}

  private render(path: string, id: number, version: number, size: number): string {
    if (path.endsWith('.py')) return pyFile(id, version, size);
    if (path.endsWith('.md')) return mdFile(id, version, size);
    return tsFile(id, version, size);
  }

  private async write(path: string, id: number, version: number, size: number): Promise<void> {
    const abs = join(this.root, path);
    await fs.mkdir(dirname(abs), { recursive: true });
    await fs.writeFile(abs, this.render(path, id, version, size));
    this.files.set(path, { id, version, size });
  }

  private newPath(): { path: string; id: number } {
    const id = this.nextId++;
    const dir = this.rng.pick(DIRS);
    const ext = dir === 'docs' ? '.md' : this.rng.next() < 0.3 ? '.py' : '.ts';
    return { path: `${dir}/m${id}${ext}`, id };
  }

  async create(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const { path, id } = this.newPath();
      await this.write(path, id, 0, this.rng.int(2, 7));
    }
    await fs.writeFile(join(this.root, 'src/core/helper.ts'), 'export const helper = (v: number): number => v * 2;\n');
  }

  /**
   * Random edits; returns the paths whose content (or existence) changed. `share` of the files get
   * a content change, plus a few adds, deletes, renames and mtime-only touches.
   */
  async mutate(share: number): Promise<Set<string>> {
    const changed = new Set<string>();
    const paths = [...this.files.keys()];
    for (const path of this.rng.sample(paths, Math.max(1, Math.round(paths.length * share)))) {
      const f = this.files.get(path);
      if (!f) continue;
      await this.write(path, f.id, f.version + 1, this.rng.next() < 0.3 ? this.rng.int(2, 7) : f.size);
      changed.add(path);
    }
    for (let i = this.rng.int(0, 3); i > 0; i--) {
      const { path, id } = this.newPath();
      await this.write(path, id, 0, this.rng.int(2, 6));
      changed.add(path);
    }
    for (const path of this.rng.sample([...this.files.keys()].filter((p) => !changed.has(p)), this.rng.int(0, 2))) {
      await fs.rm(join(this.root, path));
      this.files.delete(path);
      changed.add(path);
    }
    const renamable = [...this.files.keys()].filter((p) => !changed.has(p));
    if (renamable.length && this.rng.next() < 0.5) {
      const from = this.rng.pick(renamable);
      const f = this.files.get(from)!;
      const to = from.replace(/(\.\w+)$/, `_r${this.nextId++}$1`);
      await fs.rename(join(this.root, from), join(this.root, to));
      this.files.delete(from);
      this.files.set(to, f);
      changed.add(from);
      changed.add(to);
    }
    // Same content, new mtime (a branch switch): must not count as a change of the chunks.
    for (const path of this.rng.sample([...this.files.keys()].filter((p) => !changed.has(p)), 3)) {
      const when = new Date(Date.now() + this.rng.int(1000, 100_000));
      await fs.utimes(join(this.root, path), when, when);
    }
    return changed;
  }
}
