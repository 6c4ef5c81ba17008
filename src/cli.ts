// `lore` command line: index / search / ask / status over the pure core (ARCHITECTURE.md, "Front ends").
import { parseArgs } from 'node:util';
import { openContext, type CommonFlags } from './cli/context';
import { endProgress, fallback, guardTerminalOutput, printHits, progressLine } from './cli/output';
import { isSearchMode, isSearchScope, type SearchHit } from './indexer/types';
import { commandHelp } from './cli/help';
import { cliAdvice, describeInputError } from './cli/errors';
import { formatIndexedAt, formatSkipped, requireIndexed, statusExtras } from './cli/statusExtras';
import { formatProgress, ProgressRate } from './util/progressRate';
import { resolveOllamaHost } from './indexer/indexLocation';
import { embedderNote } from './cli/embedderNote';
import { queryWithRewrite } from './cli/searchRewrite';

const USAGE = `Usage:
  lore index  [folder] [--index-dir DIR] [--ollama URL] [--embed-model NAME] [--json]
  lore search "<query>" [folder] [--top K] [--mode hybrid|vector|keyword] [--weights V,K] [--scope all|code|docs] [--rewrite] [--json]
  lore ask    "<question>" [folder] [--chat-model NAME] [--show-thinking] [--rewrite]
  lore status [folder] [--json]
  lore export [folder] [--format jsonl] [--out FILE] [--qa N] [--chat-model NAME]
  lore mcp    [folder...] [--update]   (MCP server on stdio for other assistants; read-only unless --update)

Options shared by all commands: --index-dir DIR (default: a per-folder directory under the user's
cache dir, or LORE_INDEX_DIR), --ollama URL (default: OLLAMA_HOST or http://127.0.0.1:11434),
--embed-model NAME (default: nomic-embed-text), --verbose. search --weights V,K: weights of the vector
and keyword sides in hybrid mode (default 1,1).`;

const OPTIONS = {
  'index-dir': { type: 'string' },
  ollama: { type: 'string' },
  'embed-model': { type: 'string' },
  'chat-model': { type: 'string' },
  top: { type: 'string' },
  mode: { type: 'string' },
  weights: { type: 'string' },
  scope: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  qa: { type: 'string' },
  json: { type: 'boolean' },
  update: { type: 'boolean' },
  'show-thinking': { type: 'boolean' },
  rewrite: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function common(values: Values, folder: string | undefined): CommonFlags {
  return { folder, indexDir: values['index-dir'], ollama: values.ollama, embedModel: values['embed-model'], verbose: values.verbose };
}

async function cmdIndex(values: Values, args: string[]): Promise<void> {
  const ctx = await openContext({ ...common(values, args[0]), write: true });
  // Read before update(): a failure during the run also lands in vectorsUnavailable.
  const unavailableAtOpen = ctx.index.vectorsUnavailable;
  if (unavailableAtOpen) fallback(unavailableAtOpen, 'building the keyword index only');
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const rate = new ProgressRate();
  const report = await ctx.index.update({
    signal: abort.signal,
    onProgress: (p) => progressLine(`indexing ${formatProgress(rate.add({ at: Date.now(), done: p.filesDone, total: p.filesTotal }))}, ${p.chunksEmbedded} chunks embedded`),
  });
  endProgress();
  if (report.vectorsError && !unavailableAtOpen?.includes(report.vectorsError)) {
    fallback(report.vectorsError, 'the rest was indexed keyword-only; run `lore index` again to embed it');
  }
  const note = values.json ? '' : await embedderNote(ctx.index);
  await ctx.index.close();
  if (values.json) {
    process.stdout.write(JSON.stringify({ ...report, indexDir: ctx.indexDir }, null, 2) + '\n');
    return;
  }
  const skipped = Object.entries(report.skipped).map(([reason, n]) => `${reason} ${n}`).join(', ');
  process.stdout.write(
    `${report.cancelled ? 'Cancelled' : 'Indexed'} ${ctx.folder}: ${report.filesIndexed} files updated, ${report.filesUnchanged} unchanged, ` +
      `${report.filesRemoved} removed; ${report.chunks} chunks (${report.embedded} embedded now) in ${(report.durationMs / 1000).toFixed(1)} s\n` +
      (skipped ? `Skipped: ${skipped}\n` : '') +
      (report.redactions ? `Redacted: ${report.redactions} secret${report.redactions > 1 ? 's' : ''} inside indexed text (see --verbose)\n` : '') +
      `Index: ${ctx.indexDir}\n` +
      note,
  );
}

async function cmdSearch(values: Values, args: string[]): Promise<void> {
  const query = args[0];
  if (!query) throw new UsageError('search needs a query');
  const mode = values.mode ?? 'hybrid';
  if (!isSearchMode(mode)) throw new UsageError(`unknown --mode ${mode}`);
  const scope = values.scope ?? 'all';
  if (!isSearchScope(scope)) throw new UsageError(`unknown --scope ${scope}`);
  const k = Number(values.top ?? 10);
  if (!Number.isInteger(k) || k < 1) throw new UsageError('--top must be a positive integer');
  const weights = values.weights === undefined ? undefined : parseWeights(values.weights);
  const ctx = await openContext({ ...common(values, args[1]), useOllama: mode !== 'keyword' });
  await requireIndexed(ctx.index, ctx.folder);
  const searchQuery = values.rewrite ? await queryWithRewrite(ctx, query, values['chat-model']) : query;
  const result = await ctx.index.search({ query: searchQuery, mode, k, scope, retrieval: weights && { weights } });
  await ctx.index.close();
  if (result.fallbackReason) fallback(result.fallbackReason, 'showing keyword results only');
  const hits: SearchHit[] = result.hits.map((h) => ({
    path: h.path,
    startLine: h.startLine,
    endLine: h.endLine,
    symbol: h.symbol,
    language: h.language,
    score: h.score,
  }));
  if (values.json) process.stdout.write(JSON.stringify(hits, null, 2) + '\n');
  else printHits(hits);
}

/** `V,K`: two non-negative numbers, not both 0. */
function parseWeights(text: string): { vector: number; keyword: number } {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n) || n < 0) || parts[0] + parts[1] === 0) {
    throw new UsageError(`--weights wants two non-negative numbers, not both 0, e.g. 1,0.5 (got ${text})`);
  }
  return { vector: parts[0], keyword: parts[1] };
}

async function cmdStatus(values: Values, args: string[]): Promise<void> {
  const ctx = await openContext({ ...common(values, args[0]), useOllama: false });
  const s = ctx.index.status();
  const extras = await statusExtras(ctx.folder, ctx.indexDir, resolveOllamaHost(values.ollama));
  const note = values.json ? '' : await embedderNote(ctx.index);
  await ctx.index.close();
  if (values.json) {
    process.stdout.write(JSON.stringify({ ...s, ...extras }, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    `Folder:   ${s.folder}\nIndex:    ${s.indexDir}\nFiles:    ${s.files}\nChunks:   ${s.chunks} (${s.withVectors} with vectors)\n` +
      `Model:    ${s.model ?? '(keyword-only)'}${s.dims ? ` (${s.dims} dims)` : ''}\nOn disk:  ${(s.bytesOnDisk / 1048576).toFixed(1)} MiB\n` +
      `Indexed:  ${formatIndexedAt(extras.lastIndexed)}\n` +
      `Skipped:  ${formatSkipped(extras.skipped) || 'none'}\n` +
      `Ollama:   ${extras.ollama.reachable ? `reachable at ${extras.ollama.host} (version ${extras.ollama.version})` : `not reachable at ${extras.ollama.host}`}\n` +
      (s.redactions?.secrets ? `Secrets:  ${s.redactions.secrets} redacted in ${s.redactions.files} file${s.redactions.files > 1 ? 's' : ''}\n` : '') +
      note,
  );
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...args] = positionals;
  // Indexed text and file names reach the terminal: no control sequence of theirs may (mcp: a protocol).
  if (command !== 'mcp') guardTerminalOutput();
  if (values.help || !command) {
    process.stdout.write(`${(command && commandHelp(command)) || USAGE}\n`);
    return;
  }
  switch (command) {
    case 'index':
      return cmdIndex(values, args);
    case 'search':
      return cmdSearch(values, args);
    case 'ask': {
      if (!args[0]) throw new UsageError('ask needs a question');
      const ctx = await openContext(common(values, args[1]));
      await requireIndexed(ctx.index, ctx.folder);
      const { runAsk } = await import('./cli/ask');
      return runAsk(ctx, args[0], { chatModel: values['chat-model'], showThinking: values['show-thinking'] ?? false, rewrite: values.rewrite ?? false });
    }
    case 'status':
      return cmdStatus(values, args);
    case 'mcp':
      // Loaded on demand, like ask and export: the MCP SDK and zod are half the bundle, and every
      // other command (a `lore index` after one edit above all) would evaluate them at start.
      return (await import('./cli/mcp')).runMcp({ folders: args, indexDir: values['index-dir'], ollama: values.ollama, embedModel: values['embed-model'], update: values.update ?? false, verbose: values.verbose });
    case 'export':
      return (await import('./cli/exportCommand')).runExportCommand({ ...values, common: common(values, args[0]) }, (m) => new UsageError(m));
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  endProgress();
  const input = describeInputError(err, process.argv.slice(2).find((a) => !a.startsWith('-')));
  if (err instanceof UsageError || input?.usage) {
    process.stderr.write(`lore: ${input?.message ?? (err as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const advice = err && typeof err === 'object' && 'advice' in err ? String(err.advice) : undefined;
  process.stderr.write(`lore: ${cliAdvice(input?.message ?? advice ?? (err instanceof Error ? err.message : String(err)))}\n`);
  if (process.env.LORE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
