import type { FileStamp } from './shard';

/**
 * Shard file versions whose checksums this process has verified. A shard file is only ever
 * replaced whole (rename), so a version is known by its stamp: verifying it once per process
 * keeps repeated opens and reloads cheap while every version is still checked before use.
 */
const verified = new Set<string>();
/** Bound: far above any index's shard count; clearing only costs a re-verification. */
const MAX_ENTRIES = 4096;

function key(s: FileStamp): string {
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}

export function isVerified(stamp: FileStamp): boolean {
  return verified.has(key(stamp));
}

export function markVerified(stamp: FileStamp): void {
  if (verified.size >= MAX_ENTRIES) verified.clear();
  verified.add(key(stamp));
}

/** For tests: forget every verification, as a new process would. */
export function forgetVerifiedShards(): void {
  verified.clear();
}
