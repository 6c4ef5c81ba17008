/**
 * Cost and false positives of secret redaction (src/indexer/discovery/secretsInText.ts) on real
 * code: every indexable file of each corpus is read (documents extracted) and chunked as an index
 * pass does, and redacted as the pass does (once per file, before chunking). Prints µs per chunk
 * and every redaction found, with its kind and a masked excerpt, so each can be judged by hand.
 *   npx tsx bench/redactCost.ts [corpus dir...]   (default: the eval corpora, ~/.cache/lore-eval/src/*)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chunkDocument, chunkFile, languageForPath } from '../src/indexer/chunking';
import { discover, findSecrets } from '../src/indexer/discovery';
import { readSource } from '../src/indexer/extract';
import { redactSource } from '../src/indexer/redactSource';

function defaultCorpora(): string[] {
  const root = join(process.env.LORE_EVAL_CACHE ?? `${process.env.HOME ?? '/tmp'}/.cache/lore-eval`, 'src');
  return readdirSync(root).map((d) => join(root, d));
}

const mask = (s: string) => (s.length <= 8 ? '*'.repeat(s.length) : `${s.slice(0, 4)}…${s.slice(-2)} (${s.length} chars)`);

async function main(): Promise<void> {
  const corpora = process.argv.length > 2 ? process.argv.slice(2) : defaultCorpora();
  let chunks = 0;
  let files = 0;
  let redactMs = 0;
  let redactions = 0;
  for (const corpus of corpora) {
    const found = await discover(corpus);
    let corpusRedactions = 0;
    for (const f of found.files) {
      if (!languageForPath(f.path)) continue;
      const read = await readSource(f.absPath, f.path);
      if (!read.ok) continue;
      const t0 = performance.now();
      const clean = await redactSource(f.path, read.text, read.document);
      redactMs += performance.now() - t0;
      const produced = clean.document ? chunkDocument(f.path, clean.document) : await chunkFile(f.path, clean.text);
      chunks += produced.length;
      files++;
      if (clean.redactions === 0) continue;
      corpusRedactions += clean.redactions;
      for (const s of await findSecrets(read.text, f.path)) {
        console.log(`  ${corpus.split('/').pop()}/${f.path}: ${s.kind} ${mask(read.text.slice(s.start, s.end))}`);
      }
    }
    redactions += corpusRedactions;
    console.log(`${corpus.split('/').pop()}: ${corpusRedactions} redactions`);
  }
  console.log(JSON.stringify({ corpora: corpora.length, files, chunks, redactions, redactMs: Math.round(redactMs), usPerChunk: Number((redactMs * 1000 / chunks).toFixed(1)), usPerFile: Number((redactMs * 1000 / files).toFixed(1)) }));
  process.exit(0);
}

void main();
