/**
 * Link checks for model output, which is hostile input: a prompt-injected document can make the
 * model emit `javascript:`, `data:`, `vscode:` or `command:` links. Pure (no DOM) so it is unit-tested.
 */

/** Schemes a link may carry at all. Everything else (javascript, data, vscode, command, file...) is refused. */
const ALLOWED_SCHEMES = new Set(['http', 'https']);

// Browsers ignore ASCII whitespace/control characters inside a scheme (`java\tscript:`) and
// markdown-it has already decoded entities by the time validateLink runs, so strip both kinds.
// eslint-disable-next-line no-control-regex
const IGNORED_CHARS = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The URL's scheme in lower case, or undefined for a relative reference (`src/a.ts`, `#x`, `//host`). */
export function linkScheme(url: string): string | undefined {
  const m = SCHEME.exec(url.replace(IGNORED_CHARS, ''));
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * markdown-it `validateLink`: false keeps the text literal instead of making a link. Relative
 * references pass (they render as plain text anyway); any scheme but http(s) fails, as do URLs with
 * a backslash or a percent-encoded scheme separator, which some parsers treat as a scheme.
 */
export function isAllowedLink(url: string): boolean {
  if (url.length > 4096) return false;
  const cleaned = url.replace(IGNORED_CHARS, '');
  if (/\\/.test(cleaned)) return false;
  if (/^[^/?#]*%3a/i.test(cleaned)) return false;
  const scheme = linkScheme(cleaned);
  if (scheme === undefined) return !cleaned.includes(':') || /^[^:]*[/?#]/.test(cleaned);
  return ALLOWED_SCHEMES.has(scheme);
}

/** True for an absolute http(s) URL, the only kind shown as a (non-navigating) link. */
export function isWebUrl(url: string): boolean {
  const scheme = linkScheme(url);
  return scheme !== undefined && ALLOWED_SCHEMES.has(scheme) && isAllowedLink(url);
}
