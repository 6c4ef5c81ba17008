/** Discovery: which files of a folder are indexed, and why the others are not. */
import type { SkippedFile, SkipReason } from '../types';

export { discover, type KnownFile } from './discover';
export { createPathFilter, type PathFilter } from './pathFilter';
export { DEFAULT_MAX_FILE_SIZE, readTextFile, type ReadTextResult } from './readTextFile';
export { BUILTIN_SECRET_PATTERNS, isSecretPath } from './secrets';
export { applyRedactions, findSecrets, redactSecrets, type RedactResult, type SecretFinding } from './secretsInText';

/** Skip counts per reason (a directory skipped wholesale counts once). */
export function summarizeSkips(skipped: readonly SkippedFile[]): Partial<Record<SkipReason, number>> {
  const counts: Partial<Record<SkipReason, number>> = {};
  for (const s of skipped) counts[s.reason] = (counts[s.reason] ?? 0) + 1;
  return counts;
}
