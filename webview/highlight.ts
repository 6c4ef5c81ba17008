/**
 * Syntax highlighting with highlight.js core and a fixed set of common languages (the full build
 * is ~1 MB; this keeps the webview bundle small). hljs escapes its output, so its HTML is safe.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);

/** Lore's / VS Code's language ids that hljs knows under another name. */
const ALIASES: Record<string, string> = {
  tsx: 'typescript', typescriptreact: 'typescript', jsx: 'javascript', javascriptreact: 'javascript',
  c_sharp: 'csharp', shellscript: 'bash', zsh: 'bash', html: 'xml', vue: 'xml', jsonc: 'json',
};

export function hljsLanguage(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  const id = lang.trim().toLowerCase();
  const name = ALIASES[id] ?? id;
  return hljs.getLanguage(name) ? name : undefined;
}

/** Highlighted HTML for `code`, or undefined when the language is unknown (caller escapes plain text). */
export function highlightToHtml(code: string, lang: string | undefined): string | undefined {
  const name = hljsLanguage(lang);
  if (!name) return undefined;
  try {
    return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch {
    return undefined;
  }
}
