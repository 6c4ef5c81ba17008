/**
 * Question/answer pairs for `lore export --qa N`: which chunks to ask about, the prompt, and a
 * forgiving parser for the reply (small models add reasoning, bold markers, numbering, or write
 * `Question:` instead of `Q:`).
 */
import { fenced } from '../chat/prompt';
import type { Chunk } from '../indexer/types';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** Chunks shorter than this rarely state a fact worth a question. */
const MIN_QA_CHARS = 80;

/**
 * Picks `n` chunks spread evenly over the index (sorted by path and line, so the pick is stable
 * between runs and covers many files rather than the first few).
 */
export function sampleForQa(candidates: readonly Pick<Chunk, 'id' | 'path' | 'startLine' | 'text'>[], n: number): string[] {
  const usable = candidates.filter((c) => c.text.trim().length >= MIN_QA_CHARS);
  const pool = (usable.length >= n ? usable : [...candidates])
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine));
  if (n <= 0 || pool.length === 0) return [];
  if (n >= pool.length) return pool.map((c) => c.id);
  const step = pool.length / n;
  return Array.from({ length: n }, (_, i) => pool[Math.floor(i * step + step / 2)].id);
}

export function qaPrompt(chunk: Chunk): ChatMessage[] {
  const where = chunk.page !== undefined ? ` (page ${chunk.page})` : chunk.cell !== undefined ? ` (cell ${chunk.cell})` : '';
  const label = chunk.symbol ? ` (${chunk.symbol.replace(/[\r\n]+/g, ' ')})` : '';
  return [
    {
      role: 'system',
      content:
        'You write one question-answer pair for a dataset. The question must be answerable from the passage alone; ' +
        'the answer must use only the passage. Reply in exactly this form and nothing else:\nQ: <question>\nA: <answer>',
    },
    {
      role: 'user',
      content:
        `[1] ${chunk.path.replace(/[\r\n]+/g, ' ')}:${chunk.startLine}-${chunk.endLine}${label}\n${fenced(chunk.text, chunk.language)}\n\n` +
        `Question: write one question-answer pair about passage [1]${where}, as \`Q: ...\` and \`A: ...\`.`,
    },
  ];
}

const Q_LINE = /^[ \t>*_#\d.)-]*(?:Q|Question)[ \t*_]*[:.)][ \t*_]*(.*)$/im;
const A_LINE = /^[ \t>*_#\d.)-]*(?:A|Answer)[ \t*_]*[:.)][ \t*_]*/im;

/** The pair in a model reply, or undefined when it has none. */
export function parseQa(reply: string): { question: string; answer: string } | undefined {
  const text = reply.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/^[\s\S]*<\/think>/i, '').trim();
  const q = Q_LINE.exec(text);
  if (!q) return undefined;
  const afterQ = text.slice(q.index + q[0].length);
  const a = A_LINE.exec(afterQ);
  // The question may wrap onto following lines, up to the answer marker.
  const question = (q[1] + (a ? afterQ.slice(0, a.index) : '')).replace(/\s+/g, ' ').trim();
  if (!a) return undefined;
  const answer = afterQ.slice(a.index + a[0].length).split(/\n[ \t>*_#\d.)-]*(?:Q|Question)[ \t*_]*[:.)]/i)[0].trim();
  return question && answer ? { question, answer } : undefined;
}
