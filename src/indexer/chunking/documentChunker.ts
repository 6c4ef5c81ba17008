/**
 * Chunks of an extracted document (src/indexer/extract): the sections' joined text is chunked like
 * prose (paragraphs packed up to the budget, small neighbours merged), but a chunk never spans two
 * PDF pages or a prose cell and a code cell of a notebook, so every chunk has one page to cite and
 * one kind to scope by. Line numbers are those of the extracted text (documentText()).
 */
import { createHash } from 'node:crypto';
import { documentText, type DocSection, type ExtractedDocument } from '../extract';
import type { Chunk } from '../types';
import type { ChunkOptions } from './chunkFile';
import { LineTable } from './lines';
import { labelParts, mergeUnits, packBlocks, symbolOf, type Draft, type Unit } from './pack';
import { paragraphs } from './textChunker';
import { resolveBudget } from './tokens';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function sectionPath(s: DocSection): string[] {
  return s.cell !== undefined ? [...s.headings, `Cell ${s.cell}`] : s.headings;
}

/** Sections that may share a chunk: same page, same kind. */
function groupKey(s: DocSection): string {
  return `${s.page ?? ''}:${s.kind ?? 'doc'}`;
}

export function chunkDocument(path: string, doc: ExtractedDocument, opts: ChunkOptions = {}): Chunk[] {
  opts.signal?.throwIfAborted();
  const { text, ranges } = documentText(doc);
  const table = new LineTable(text);
  const budget = resolveBudget(opts);
  const drafts: Draft[] = [];
  let group: number[] = [];
  const flush = () => {
    const units: Unit[] = group.map((i) => {
      const { start, end } = ranges[i];
      const p = sectionPath(doc.sections[i]);
      if (table.tokens(start, end) <= budget.maxTokens) return { start, end, path: p };
      const parts = packBlocks(table, paragraphs(table, start, end), budget.maxTokens);
      return { start, end, path: p, final: labelParts(parts, symbolOf([p])) };
    });
    if (units.length) drafts.push(...mergeUnits(table, units, budget, 0));
    group = [];
  };
  doc.sections.forEach((s, i) => {
    if (group.length && groupKey(doc.sections[group[0]]) !== groupKey(s)) flush();
    group.push(i);
  });
  flush();

  let si = 0;
  return drafts.map((d) => {
    while (si + 1 < ranges.length && ranges[si + 1].start <= d.start) si++;
    const section = doc.sections[si];
    const chunkText = table.text(d.start, d.end);
    const hash = sha256(chunkText);
    const chunk: Chunk = {
      id: sha256(`${path}:${d.start}:${d.end}:${hash}`).slice(0, 32),
      path,
      language: section.language ?? doc.language,
      kind: section.kind ?? 'doc',
      startLine: d.start,
      endLine: d.end,
      symbol: d.symbol,
      text: chunkText,
      hash,
    };
    if (section.page !== undefined) chunk.page = section.page;
    if (section.cell !== undefined) chunk.cell = section.cell;
    return chunk;
  });
}
