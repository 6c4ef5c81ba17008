import { dedupeHints, extractPathHints, hintStem, isForeignFrame, type PathHint } from './pathHints';
import { QUERY_FILLER, STOP_WORDS } from './stopWords';
import { parseFrameLine, type StackFrame } from '../query/stackFrames';

export type { PathHint } from './pathHints';

export interface QueryAnalysis {
  /** The informative terms of the query, for the keyword side (space separated, original case). */
  keywordQuery: string;
  /** Code identifiers the query names (`parseHTTPResponse`, `TypeError`, `user_id`), original case. */
  identifiers: string[];
  /** Files (and lines) the query points at, e.g. frames of a pasted stack trace. */
  pathHints: PathHint[];
  /** Frames of pasted stack traces that may be workspace files, innermost first (see stackFrames.ts). */
  frames: StackFrame[];
}

/**
 * Cap on terms sent to the keyword index. Each term costs a posting-list walk (and splits into
 * parts), so a pasted 200-line log must not become a 2000-term OR query; 24 leaves room for every
 * identifier a bug report typically names.
 */
const MAX_TERMS = 24;

/**
 * Words every stack trace repeats; they tell nothing about where the bug is. Dropped only from
 * trace-like queries: in a question ("how are errors handled?") `error` is the topic.
 */
const TRACE_NOISE = new Set(
  `at anonymous object traceback recent call last most goroutine running exit status stack trace
uncaught unhandled thrown raised caused error errors exception panic panicked line file in module`.split(/\s+/),
);

/**
 * What an interactive interpreter prints when it starts (pasted along with a session): its
 * version and build line, and the help hints of Python and IPython. Words like `copyright`,
 * `credits` and `license` would otherwise reach the keyword query as quoted literals.
 */
const INTERPRETER_BANNER =
  /^\s*(?:(?:I?Python|PyPy) \d+\.\d+\S*\s.*(?:\(|\||--)|\[(?:GCC|Clang|MSC|PyPy)\b.*\]|Type ["']?(?:help|copyright)["']?,? .*(?:more information|help)|(?:\?|%quickref|help|object\?)\s+->)/;

/** Frames innermost first: Python prints a trace outermost first, JavaScript and Java innermost first. */
function innermostFirst(frames: readonly StackFrame[]): StackFrame[] {
  const last = frames.filter((f) => f.innermostLast).reverse();
  return [...last, ...frames.filter((f) => !f.innermostLast)];
}

/** Priorities: identifiers and quoted literals first, file names next, plain words last. */
const Weight = { Word: 1, FileName: 2, Capitalized: 2, Identifier: 3 } as const;

interface Candidate {
  text: string;
  weight: number;
  count: number;
  first: number;
  identifier: boolean;
}

const WORD = /[\p{L}\p{N}_$]+(?:-(?=\p{L})[\p{L}\p{N}_$]+)*/gu;
const QUOTED = /`([^`\n]{1,120})`|"([^"\n]{1,120})"|'([^'\n]{1,120})'/g;

/** Shapes that only code has: camelCase, PascalCase with two humps, snake_case, SCREAMING_CASE, `$x`. */
function isCodeShaped(word: string): boolean {
  return (
    /\p{Ll}\p{Lu}/u.test(word) ||
    /^\p{Lu}\p{Ll}+\p{Lu}/u.test(word) ||
    /[\p{L}\p{N}]_[\p{L}\p{N}]|^_+\p{L}/u.test(word) ||
    word.includes('$') ||
    /^E[A-Z]{3,}$/.test(word) // errno names: ENOENT, ECONNREFUSED
  );
}

const TRACE_LIKE = /^\s*at \S|Traceback \(most recent call last\)|^goroutine \d+|^panic: |^\s*File "/m;

type NoiseTest = (lower: string) => boolean;

function noiseTest(traceLike: boolean): NoiseTest {
  return (lower) =>
    STOP_WORDS.has(lower) ||
    QUERY_FILLER.has(lower) ||
    (traceLike && TRACE_NOISE.has(lower)) ||
    lower.length < 2 ||
    /^0x[0-9a-f]+$/.test(lower) || // addresses and offsets in Go/C traces
    /^\d{1,2}$/.test(lower);
}

class Candidates {
  private readonly byKey = new Map<string, Candidate>();
  private order = 0;

  add(text: string, weight: number, identifier: boolean): void {
    const key = text.toLowerCase();
    const found = this.byKey.get(key);
    if (found) {
      found.count++;
      found.weight = Math.max(found.weight, weight);
      found.identifier ||= identifier;
      return;
    }
    this.byKey.set(key, { text, weight, count: 1, first: this.order++, identifier });
  }

  /** The best `max` candidates, returned in the order they appeared in the query. */
  top(max: number): Candidate[] {
    return [...this.byKey.values()]
      .sort((a, b) => b.weight - a.weight || b.count - a.count || a.first - b.first)
      .slice(0, max)
      .sort((a, b) => a.first - b.first);
  }
}

function addWords(text: string, into: Candidates, quoted: boolean, isNoise: NoiseTest): void {
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const end = (m.index ?? 0) + word.length;
    const before = text.slice(0, m.index).trimEnd();
    if (isCodeShaped(word) || /(?:Error|Exception)$/.test(word) || text[end] === '(') {
      into.add(word, Weight.Identifier, true);
      continue;
    }
    if (isNoise(word.toLowerCase())) continue;
    // The auxiliary of a contraction (`doesn't`, `won't`, `can't`) is a stop word cut short.
    if (/^['\u2019]t\b/.test(text.slice(end, end + 3))) continue;
    if (quoted) into.add(word, Weight.Identifier, false);
    // A capitalised word inside a sentence is likely a name (`Indexer`, `Ollama`).
    else if (/^\p{Lu}/u.test(word) && before !== '' && !/[.!?:]$/.test(before)) into.add(word, Weight.Capitalized, false);
    else into.add(word, Weight.Word, false);
  }
}

/**
 * Reduce a query for the keyword side. A short question passes through minus filler; a long one (a
 * bug report, a pasted stack trace or error message) keeps its identifiers, quoted literals, error
 * names and file names before plain words, capped at MAX_TERMS. File references (`src/bar.ts:12:5`,
 * `File "x.py", line 3`, `x.go:10`, `Foo.java:33`) become path hints; frames from dependencies and
 * the runtime are ignored.
 */
export function analyzeQuery(query: string): QueryAnalysis {
  const hints: PathHint[] = [];
  const trace: StackFrame[] = [];
  const candidates = new Candidates();
  const isNoise = noiseTest(TRACE_LIKE.test(query));
  let skipSource = false;
  for (const rawLine of query.split(/\r?\n/)) {
    // Python prints a frame's source line under its `File "..."` line: skip it with a foreign frame.
    if (skipSource && /^\s/.test(rawLine) && !/^\s*File "/.test(rawLine)) {
      skipSource = false;
      continue;
    }
    skipSource = false;
    if (INTERPRETER_BANNER.test(rawLine)) continue;
    const frame = parseFrameLine(rawLine);
    if (frame && !frame.runtime) {
      // A frame names a file, a line and a function; the rest of its line (an argument list) is noise.
      trace.push(frame);
      const stem = hintStem(frame.path);
      if (!isNoise(stem.toLowerCase())) candidates.add(stem, Weight.FileName, false);
      // Its function as a plain word: ranking frame names above the report's own identifiers pulls
      // results towards the outer frames (measured: F@1 -1.2, RESULTS.md).
      if (frame.func && !isNoise(frame.func.toLowerCase())) candidates.add(frame.func, Weight.Word, true);
      continue;
    }
    if (frame || isForeignFrame(rawLine)) {
      skipSource = /^\s*File "/.test(rawLine);
      continue;
    }
    const { hints: found, rest } = extractPathHints(rawLine);
    for (const h of found) {
      hints.push(h);
      const stem = hintStem(h.path);
      if (!isNoise(stem.toLowerCase())) candidates.add(stem, Weight.FileName, false);
    }
    const unquoted = rest.replace(QUOTED, (_m, a?: string, b?: string, c?: string) => {
      const inner = a ?? b ?? c ?? '';
      // A single quoted token is a literal or a name (`KeyError: 'user_id'`); a quoted sentence
      // is a message whose words rank above the surrounding prose.
      if (/^\s*[\p{L}\p{N}_$.-]+\s*$/u.test(inner) && !isNoise(inner.trim().toLowerCase())) {
        candidates.add(inner.trim(), Weight.Identifier, true);
      } else addWords(inner, candidates, true, isNoise);
      return ' ';
    });
    addWords(unquoted, candidates, false, isNoise);
  }
  const top = candidates.top(MAX_TERMS);
  const keywordQuery = top.map((c) => c.text).join(' ');
  return {
    keywordQuery: keywordQuery || query.trim(),
    identifiers: top.filter((c) => c.identifier).map((c) => c.text),
    pathHints: dedupeHints(hints),
    frames: innermostFirst(trace),
  };
}
