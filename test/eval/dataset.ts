import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { discover } from '../../src/indexer/discovery';
import { languageForPath } from '../../src/indexer/chunking';
import { MARKDOWN_SKIP, type EvalProject } from './config';
import { codeDocs, type DocItem } from './docComments';
import { wordCount } from './firstSentence';
import { applyEdits, mapRange } from './lineEdits';
import { markdownSections } from './markdownSections';

export type QueryKind = 'code' | 'doc';

export interface EvalQuery {
  project: string;
  kind: QueryKind;
  query: string;
  /** Gold answer in the stripped copy: folder-relative path, 1-based inclusive lines. */
  path: string;
  startLine: number;
  endLine: number;
}

export interface ProjectData {
  /** The stripped copy that gets indexed. */
  folder: string;
  /** Folder-relative paths of every file discovery kept (the baseline indexes the same files). */
  files: string[];
  queries: EvalQuery[];
}

/** Tests, fixtures and examples document themselves for their authors, not for someone searching the library. */
const NOT_LIBRARY = /(^|\/)(tests?|__tests__|spec|fixtures?|examples?)\/|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$/;
const CODE_WORDS = { min: 4, max: 60 };
/**
 * Queries kept per project and kind, so that the two projects with hundreds of docstrings
 * (node-gyp, rxjs) and fastify's docs/ do not outweigh the rest.
 */
export const MAX_PER_KIND = { code: 120, doc: 80 } as const;

/** A deterministic sample: the n queries whose text hashes lowest (independent of file order and of how well Lore does on them). */
function sample(queries: EvalQuery[], n: number): EvalQuery[] {
  const key = (q: EvalQuery) => createHash('sha1').update(q.query).digest('hex');
  return [...queries].sort((a, b) => (key(a) < key(b) ? -1 : 1)).slice(0, n);
}

/** A definition of one or two lines (a constant, a signature without body) has nothing to retrieve but its name. */
const MIN_CODE_LINES = 3;

/**
 * Copy `tree` (the package) to `folder` with doc comments, docstrings and question headings
 * removed, and derive the queries with their gold ranges in the copy. Files are those discovery
 * keeps, so the copy holds exactly what Lore would index. Queries whose text occurs twice in a
 * project are dropped: they have no single right answer.
 */
export async function buildProject(project: EvalProject, tree: string, folder: string): Promise<ProjectData> {
  const { files } = await discover(tree, { exclude: project.exclude });
  const queries: EvalQuery[] = [];
  for (const f of files) {
    const text = (await readFile(f.absPath, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const lang = languageForPath(f.path);
    let kind: QueryKind | undefined;
    let found: { edits: Parameters<typeof applyEdits>[1]; items: DocItem[] } = { edits: [], items: [] };
    if (lang?.grammar) {
      found = await codeDocs(f.path, text);
      kind = 'code';
    } else if (lang?.id === 'markdown' && !MARKDOWN_SKIP.test(f.path)) {
      found = markdownSections(text);
      kind = 'doc';
    }
    const edited = applyEdits(text, found.edits);
    const out = join(folder, f.path);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, edited.text);
    if (!kind || NOT_LIBRARY.test(f.path)) continue;
    for (const item of found.items) {
      const gold = mapRange(edited.map, item.startLine, item.endLine);
      if (!gold) continue;
      if (kind === 'code') {
        const words = wordCount(item.query);
        if (words < CODE_WORDS.min || words > CODE_WORDS.max || gold.endLine - gold.startLine + 1 < MIN_CODE_LINES) continue;
      }
      queries.push({ project: `${project.name}@${project.version}`, kind, query: item.query, path: f.path, ...gold });
    }
  }
  const count = new Map<string, number>();
  for (const q of queries) count.set(q.query.toLowerCase(), (count.get(q.query.toLowerCase()) ?? 0) + 1);
  const unique = queries.filter((q) => count.get(q.query.toLowerCase()) === 1);
  const kept = [...sample(unique.filter((q) => q.kind === 'code'), MAX_PER_KIND.code), ...sample(unique.filter((q) => q.kind === 'doc'), MAX_PER_KIND.doc)];
  return { folder, files: files.map((f) => f.path), queries: kept };
}
