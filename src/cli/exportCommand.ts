/** The `lore export` command: flags, output file, progress on stderr, a summary line at the end. */
import { openContext, DEFAULT_CHAT_MODEL, type CommonFlags } from './context';
import { exportDataset, lineWriter } from './export';
import { endProgress, note, progressLine } from './output';

export interface ExportFlags {
  common: CommonFlags;
  format?: string;
  out?: string;
  qa?: string;
  'chat-model'?: string;
}

export async function runExportCommand(flags: ExportFlags, usage: (message: string) => Error): Promise<void> {
  const format = flags.format ?? 'jsonl';
  if (format !== 'jsonl') throw usage(`unknown --format ${format} (only jsonl)`);
  const qa = Number(flags.qa ?? 0);
  if (!Number.isInteger(qa) || qa < 0) throw usage('--qa must be a non-negative integer');
  // Chunks come from the index as it is; only --qa needs Ollama (for the chat model).
  const ctx = await openContext({ ...flags.common, useOllama: false });
  const model = flags['chat-model'] ?? process.env.LORE_CHAT_MODEL ?? DEFAULT_CHAT_MODEL;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const writer = lineWriter(flags.out);
  try {
    const report = await exportDataset(
      {
        chunks: () => ctx.index.allChunks(),
        chat: (messages, signal) => ctx.client.chat({ model, messages, think: false }, signal),
      },
      { write: writer.write, qa, signal: abort.signal, onProgress: progressLine },
    );
    endProgress();
    if (report.chunks === 0) note(`the index of ${ctx.folder} is empty; run \`lore index\` first`);
    if (report.qaError) note(`question/answer pairs stopped: ${report.qaError}`);
    else if (report.qaFailed) note(`${report.qaFailed} of ${qa} replies had no \`Q:\`/\`A:\` pair and were left out`);
    note(`exported ${report.chunks} chunks${qa ? ` and ${report.pairs} question/answer pairs` : ''}${flags.out ? ` to ${flags.out}` : ''}`);
  } finally {
    await writer.close();
    await ctx.index.close();
  }
}
