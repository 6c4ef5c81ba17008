import { ask } from '../chat/ask';
import type { NumberedSource } from '../chat/citations';
import type { CliContext } from './context';
import { DEFAULT_CHAT_MODEL } from './context';
import { chatSearchOptions } from '../chat/chatSearchOptions';
import { DEFAULTS } from '../settings';
import { REWRITE_BUDGET_MS } from '../chat/queryRewrite';
import { rewriteNote } from './searchRewrite';
import { fallback, formatRange, note } from './output';

export interface AskOptions {
  chatModel?: string;
  showThinking: boolean;
  /** Token budget of the prompt (sources + history + question). */
  budgetTokens?: number;
  /** `--rewrite`: add the chat model's search terms to the retrieval query (src/chat/queryRewrite.ts). */
  rewrite?: boolean;
}

/**
 * Streams an answer to stdout, then lists its sources. With Ollama unreachable it prints the best
 * passages instead and says so in one line on stderr; the exit status is then 1, so a script can tell
 * an answer from none (issue 20).
 */
export async function runAsk(ctx: CliContext, question: string, opts: AskOptions): Promise<void> {
  const model = opts.chatModel ?? process.env.LORE_CHAT_MODEL ?? DEFAULT_CHAT_MODEL;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  let fallbackNoted = false;
  const events = ask(
    // The rewrite's one line (terms added, or why none) goes to stderr like the other notes.
    { searcher: ctx.index, chat: ctx.client, log: opts.rewrite ? rewriteNote : undefined },
    {
      question,
      history: [],
      // The panel's search with default settings (no editor, so no boosted files).
      search: chatSearchOptions(DEFAULTS, { recentFiles: [] }),
      model,
      budgetTokens: opts.budgetTokens ?? DEFAULTS.contextBudgetTokens,
      rewrite: opts.rewrite ? { timeoutMs: Math.min(REWRITE_BUDGET_MS, ctx.client.firstByteTimeoutMs) } : undefined,
    },
    abort.signal,
  );
  let sources: NumberedSource[] = [];
  let thinkingOpen = false;
  try {
    for await (const ev of events) {
      switch (ev.type) {
        case 'searched':
          if (ev.result.fallbackReason) {
            fallbackNoted = true;
            fallback(ev.result.fallbackReason, 'showing the best passages (keyword search)');
          }
          break;
        case 'folderUnknown':
          note(`no indexed folder is named "${ev.name}"; searching the whole index`);
          break;
        case 'sources':
          sources = ev.sources;
          break;
        case 'thinking':
          if (opts.showThinking) {
            if (!thinkingOpen) process.stderr.write('Thinking: ');
            thinkingOpen = true;
            process.stderr.write(ev.delta);
          }
          break;
        case 'answer':
          if (thinkingOpen) process.stderr.write('\n\n');
          thinkingOpen = false;
          process.stdout.write(ev.delta);
          break;
        case 'done':
          process.stdout.write(`\n\nSources:\n${formatSources(sources, ev.cited)}`);
          break;
        case 'error':
          process.exitCode = 1;
          if (ev.partialAnswer) process.stdout.write('\n');
          // The retrieval fallback already said why in one line; do not repeat it.
          if (!(fallbackNoted && ev.retrievalOnly?.length)) {
            if (ev.retrievalOnly?.length) fallback(ev.advice ?? ev.message, 'showing the best passages instead of an answer');
            else note(ev.advice ?? ev.message);
          }
          if (ev.retrievalOnly?.length) process.stdout.write(`${ev.passagesHeading ?? 'Best passages:'}\n${formatSources(ev.retrievalOnly, [])}`);
          break;
        default:
          break;
      }
    }
  } finally {
    await ctx.index.close();
  }
}

function formatSources(sources: NumberedSource[], cited: number[]): string {
  if (sources.length === 0) return '  (none)\n';
  return sources
    .map((s) => `  [${s.n}] ${formatRange(s)}${s.symbol ? `  ${s.symbol}` : ''}${cited.includes(s.n) ? '' : cited.length ? '  (not cited)' : ''}\n`)
    .join('');
}
