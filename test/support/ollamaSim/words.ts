/**
 * Code-aware words shared by the hash embedder and the scripted chat: identifiers are split at
 * camelCase / snake_case / digit boundaries, lower-cased, crudely singularised, common words dropped.
 */

const STOP_WORDS = new Set((
  'a an and are as at be been but by can could did do does doing done for from had has have how i if in into ' +
  'is it its me my no not of on or our should so than that the their them then there these they this those to ' +
  'too us was we were what when where which who whom why will with would you your about also any each here just ' +
  'more most other some such only own same very s t'
).split(' '));

export function codeWords(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const parts = match[0].split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u);
    for (const part of parts) {
      const word = singular(part.toLowerCase());
      if (!STOP_WORDS.has(word)) out.push(word);
    }
  }
  return out;
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Prefixes embedding models are trained with; the sim ignores them as a real model roughly would. */
const KNOWN_PREFIXES = [
  'search_query: ', 'search_document: ', 'search_query:', 'search_document:', 'query: ', 'passage: ',
  'Represent this sentence for searching relevant passages: ',
];

export function stripPrefix(text: string): string {
  for (const p of KNOWN_PREFIXES) if (text.startsWith(p)) return text.slice(p.length);
  return text;
}
