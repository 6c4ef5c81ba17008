import MarkdownIt from 'markdown-it';
import type { DocItem } from './docComments';
import { plainText } from './firstSentence';
import type { LineEdit } from './lineEdits';

const md = new MarkdownIt();

/** Han, kana and Hangul: the scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LATIN = /[A-Za-z]/g;

export function cjkCount(s: string): number {
  return s.match(CJK)?.length ?? 0;
}

const KANA_HANGUL = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Chinese: at least `min` CJK characters, more of them than Latin letters, and no kana or Hangul (Japanese and Korean READMEs stay distractors). */
function isChinese(s: string, min: number): boolean {
  const cjk = cjkCount(s);
  return cjk >= min && cjk > (s.match(LATIN)?.length ?? 0) && !KANA_HANGUL.test(s);
}

const HEADING_MIN = 4;
const HEADING_MAX = 40;
const SENTENCE_MIN = 8;
const SENTENCE_MAX = 100;
const MIN_BODY_LINES = 2;
/** A sentence ends at a full-width stop (an ASCII `!`/`?` followed by space or the end counts too). */
const FIRST_SENTENCE = /^(.+?(?:[。！？]|[!?](?=\s|$)))/u;

const queryText = (s: string) => plainText(s.replace(/[`*_]+/g, '')).replace(/[:：.。\s]+$/u, '');

export interface ChineseDocs {
  /** The text with each query sentence cut from its line (line count unchanged). */
  text: string;
  /** Edits that remove the query headings' lines, to apply to `text`. */
  edits: LineEdit[];
  items: (DocItem & { shape: 'heading' | 'sentence' })[];
}

/**
 * Queries a Chinese Markdown file gives, with the edits that take the query text out of the
 * indexed copy. Heading -> section: a heading of 4-40 CJK characters (more CJK than Latin) whose
 * section has at least two non-blank lines; its heading line is removed. First sentence ->
 * paragraph: a paragraph whose first line holds a whole first sentence of 8-100 CJK characters
 * and whose rest still has 8; that sentence is cut from the line, so the query must find the
 * paragraph by what the rest says.
 */
export function chineseSections(text: string): ChineseDocs {
  const lines = text.split('\n');
  const tokens = md.parse(text, {});
  const original = [...lines];
  const headings: { start: number; end: number; query: string }[] = [];
  const edits: LineEdit[] = [];
  const items: ChineseDocs['items'] = [];
  tokens.forEach((t, i) => {
    if (!t.map) return;
    if (t.type === 'heading_open') {
      headings.push({ start: t.map[0] + 1, end: t.map[1], query: queryText(tokens[i + 1]?.content ?? '') });
      return;
    }
    if (t.type !== 'paragraph_open') return;
    const [from, to] = [t.map[0] + 1, t.map[1]];
    const first = lines[from - 1];
    // The line's indentation and list/quote marker stay, so the Markdown structure is unchanged.
    const lead = /^[\s>*+-]*(?:\d+[.)]\s*)?/.exec(first)?.[0] ?? '';
    const m = FIRST_SENTENCE.exec(first.slice(lead.length).trim());
    if (!m) return;
    const sentence = queryText(m[1]);
    const rest = first.slice(lead.length).trim().slice(m[1].length).trim();
    const restAll = [rest, ...lines.slice(from, to)].join('\n');
    if (!isChinese(sentence, SENTENCE_MIN) || sentence.length > SENTENCE_MAX || cjkCount(restAll) < SENTENCE_MIN) return;
    lines[from - 1] = rest === '' ? '' : lead + rest;
    items.push({ query: sentence, startLine: from, endLine: to, shape: 'sentence' });
  });
  headings.forEach((h, i) => {
    const n = cjkCount(h.query);
    if (!isChinese(h.query, HEADING_MIN) || n > HEADING_MAX) return;
    let from = h.end + 1;
    let to = i + 1 < headings.length ? headings[i + 1].start - 1 : lines.length;
    while (from <= to && original[from - 1].trim() === '') from++;
    while (to >= from && original[to - 1].trim() === '') to--;
    if (original.slice(from - 1, to).filter((l) => l.trim() !== '').length < MIN_BODY_LINES) return;
    edits.push({ start: h.start, end: h.end, lines: [] });
    items.push({ query: h.query, startLine: from, endLine: to, shape: 'heading' });
  });
  return { text: lines.join('\n'), edits, items };
}
