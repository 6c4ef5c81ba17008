/**
 * What kind of answer a query wants, from its shape alone. A pasted bug report, error or stack
 * trace (code blocks, tracebacks, exception names, several identifiers in a long text) asks where
 * something is implemented: the answer is source code, and tests, docs, changelogs and examples
 * that mention the same names are what crowd it out. A short question in words may want anything.
 */
import type { FileRole } from './fileRole';

export interface QueryIntent {
  /** The query reads like a report about code behaviour: implementation files should lead. */
  locate: boolean;
  /** The question itself is about tests (then tests are not held back). */
  aboutTests: boolean;
  /** The question itself is about documentation, the changelog or examples. */
  aboutDocs: boolean;
}

const FENCE = /^\s*(```|~~~)/m;
/** Interactive sessions and tracebacks of the common runtimes. */
const SESSION_OR_TRACE = /^\s*(>>>|In \[\d+\]:|\$ \S)|Traceback \(most recent call last\)|^\s+at \S+ \(|^goroutine \d+|^panic: |^\s*File "[^"]+", line \d+/m;
/**
 * An error as printed (`TypeError: ...`) or as raised (`raises ValueError`, `ValueError is thrown`).
 * A bare name is not enough: doc comments say "Constructs the InvalidArgumentError class".
 */
const ERROR_NAME = /\b[A-Z]\w*(Error|Exception)\b:|\b(rais|throw|gets?|got|fail)\w*\s+(an?\s+)?[A-Z]\w*(Error|Exception)\b|\b[A-Z]\w*(Error|Exception)\s+(is|was|gets?)\s+(raised|thrown)/;
/** Shapes only code has: a call `name(`, camelCase, snake_case, a dotted path `a.b.c`. */
const CODE_TOKEN = /\b[A-Za-z_]\w*\(|\b[a-z]+[A-Z]\w*|\b[A-Za-z]\w*_\w+|\b[a-z_]\w*\.[a-z_]\w*\.[a-z_]\w*/g;
/** Text this long, over this many lines, with this many code tokens is a report, not a question (a long signature heading is one line). */
const LONG_REPORT = { chars: 200, lines: 3, codeTokens: 3 };

const TESTS_TOPIC = /\b(tests?|test (suite|case|file)s?|unit ?tests?|pytest|unittest|jest|mocha|spec files?|coverage)\b/i;
const DOCS_TOPIC = /\b(docs|documentation|readme|tutorial|changelog|release notes|user guide|examples?)\b/i;

/**
 * The topic line: a report's title or a question's first line. Words further down a report ("a
 * test", "see the docs") describe the circumstances, not what is asked for.
 */
export function topicLine(query: string): string {
  return query.trim().split(/\r?\n/, 1)[0].slice(0, 200);
}

export function queryIntent(query: string): QueryIntent {
  const codeTokens = query.match(CODE_TOKEN)?.length ?? 0;
  const locate =
    FENCE.test(query) ||
    SESSION_OR_TRACE.test(query) ||
    ERROR_NAME.test(query) ||
    (query.length >= LONG_REPORT.chars && codeTokens >= LONG_REPORT.codeTokens && query.trim().split(/\n/).length >= LONG_REPORT.lines);
  const topic = topicLine(query);
  return { locate, aboutTests: TESTS_TOPIC.test(topic), aboutDocs: DOCS_TOPIC.test(topic) };
}

/**
 * The factors retrieval puts on chunks by their file's role for this intent: `demotion` on tests,
 * docs, changelogs and examples of a locate question (not on the ones it asks about), nothing
 * otherwise.
 */
export function roleFactorsFor(intent: QueryIntent, demotion: number): Partial<Record<FileRole, number>> | undefined {
  if (!intent.locate || demotion >= 1) return undefined;
  const factors: Partial<Record<FileRole, number>> = {};
  if (!intent.aboutTests) factors.test = demotion;
  if (!intent.aboutDocs) factors.docs = factors.changelog = factors.example = demotion;
  return factors;
}
