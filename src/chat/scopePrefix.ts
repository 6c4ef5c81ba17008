/**
 * Scope prefixes typed at the start of a chat question: `@docs` (documents and prose only), `@code`
 * (source code only), `@folder:name` (one workspace or knowledge folder, by its name; quote a name
 * with spaces: `@folder:"Team Wiki"`). They may be combined (`@docs @folder:wiki ...`); the prefix is
 * removed from the question the model sees. Parsed in the host, so the webview stays a plain text box.
 */
import type { SearchScope } from '../indexer/types';

export interface ParsedQuestion {
  question: string;
  scope?: SearchScope;
  folder?: string;
}

const PREFIX = /^\s*@(docs|code|all|folder:(?:"([^"]+)"|(\S+)))(?=\s|$)/i;

export function parseScopePrefix(text: string): ParsedQuestion {
  const out: ParsedQuestion = { question: text };
  let rest = text;
  for (let m = PREFIX.exec(rest); m; m = PREFIX.exec(rest)) {
    const word = m[1].toLowerCase();
    if (word.startsWith('folder:')) out.folder = m[2] ?? m[3];
    else out.scope = word as SearchScope;
    rest = rest.slice(m[0].length);
  }
  // A bare prefix with no question keeps the text as typed (asking "@docs" is odd but not an error).
  if (rest.trim()) out.question = rest.trim();
  return out;
}
