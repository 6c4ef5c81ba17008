/** The user-facing text of an error: the Ollama layer's advice when it has one. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'advice' in err && typeof err.advice === 'string') return err.advice;
  return err instanceof Error ? err.message : String(err);
}
