/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|cf|approx|incl|esp)\./gi;

/** Plain text of a doc comment's description: JSDoc inline tags, HTML and Markdown links reduced to their words. */
export function plainText(s: string): string {
  return s
    .replace(/\{@(?:link|linkcode|linkplain|code)\s+([^}|\s]+)(?:[\s|][^}]*)?\}/g, '$1')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The first sentence: up to the first `.`, `!` or `?` followed by white space or the end (so that
 * `foo.bar()` and `e.g.` do not end it), or the whole paragraph when it has no such stop.
 */
export function firstSentence(description: string): string {
  const paragraphs = description.split(/\n\s*\n/).map((p) => p.trim());
  // Prose ends in a stop; a leading signature (`MarkdownIt.set(options)`) or parameter list does not.
  const paragraph = paragraphs.find((p) => /[.!?]$/.test(p) && !/^[-*+]\s/.test(p)) ?? paragraphs[0] ?? '';
  const text = plainText(paragraph).replace(ABBREVIATIONS, (m) => m.replace(/\./g, '\u2024'));
  const m = /^(.+?[.!?])(?:\s|$)/.exec(text);
  return (m ? m[1] : text).replace(/\u2024/g, '.').trim();
}

export function wordCount(s: string): number {
  return s.match(/\p{L}[\p{L}\p{N}_'-]*/gu)?.length ?? 0;
}
