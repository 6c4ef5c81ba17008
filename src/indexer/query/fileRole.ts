import type { ChunkKind } from '../types';

/**
 * What a file is for, from its path and kind alone (no project-specific rules): the implementation,
 * or one of the kinds of files that talk about it. A bug report names the same identifiers as the
 * tests that exercise the code, the docs that describe it and the changelog entry that announced
 * it; those are what crowd the implementation out of a report's results.
 */
export type FileRole = 'source' | 'test' | 'docs' | 'changelog' | 'example';

/** Test trees and test-file naming conventions of the common ecosystems. */
const TEST =
  /(^|\/)(test[\w-]*|__tests__|specs?|fixtures?)\/|(^|\/)(test_[^/]*|[^/]*_tests?\.[a-z]+|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?|[^/]*Tests?\.(java|kt|cs|swift|scala))$/;
/** Release notes (prose only), by name or in a changes/ folder (towncrier-style fragments). */
const CHANGELOG = /(^|\/)(changelog|changes|history|news|release[-_]?notes|whatsnew)(\/|[^/]*$)/i;
/** Documentation trees, and repository meta (issue templates, workflows) that reads like a report. */
const DOCS = /(^|\/)(docs?|documentation|man|\.github)\//;
const EXAMPLE = /(^|\/)(examples?|samples?|demos?|tutorials?|benchmarks?|bench|gallery)\//;

/**
 * Prose (Markdown, reStructuredText, plain text) is docs wherever it lives; code and configuration
 * are docs only under a docs folder (Sphinx extensions, doc build scripts).
 */
export function fileRole(path: string, kind: ChunkKind): FileRole {
  if (kind === 'doc' && CHANGELOG.test(path)) return 'changelog';
  if (TEST.test(path)) return 'test';
  if (EXAMPLE.test(path)) return 'example';
  if (kind === 'doc' || DOCS.test(path)) return 'docs';
  return 'source';
}
