/**
 * The redaction step of an indexing pass: what a file's reader produced (its text, or an extracted
 * document's sections) with the secrets inside it replaced, before it is chunked. Chunking after
 * redaction is what makes every consumer see redacted text - the embedder, the keyword index, the
 * store, `lore export` and chat prompts all read chunks - and a secret split across two chunks (a
 * long private key) is still found whole. Placeholders keep the line count, so line ranges hold.
 */
import { redactSecrets } from './discovery/secretsInText';
import { documentText, type ExtractedDocument } from './extract';

export interface RedactedSource {
  text: string;
  document?: ExtractedDocument;
  /** Secrets replaced in this file. */
  redactions: number;
  kinds: string[];
}

/** `path` is the file's relative POSIX path (config-file rules depend on it). */
export async function redactSource(path: string, text: string, document?: ExtractedDocument): Promise<RedactedSource> {
  if (!document) {
    const r = await redactSecrets(text, path);
    return { text: r.text, redactions: r.redactions, kinds: r.kinds };
  }
  let redactions = 0;
  const kinds: string[] = [];
  const sections = await Promise.all(document.sections.map(async (s) => {
    const r = await redactSecrets(s.text, path);
    if (r.redactions === 0) return s;
    redactions += r.redactions;
    kinds.push(...r.kinds);
    return { ...s, text: r.text };
  }));
  if (redactions === 0) return { text, document, redactions, kinds };
  // `text` of a document is not chunked (its sections are); it is kept redacted for any other reader.
  const redacted = { ...document, sections };
  return { text: documentText(redacted).text, document: redacted, redactions, kinds };
}

/** `github-token x2, password` */
export function describeKinds(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${k} x${n}` : k)).join(', ');
}
