/**
 * `lore search --rewrite`: the chat model's search terms for a bug report or "where is" question,
 * appended to the query (src/chat/queryRewrite.ts). What was added, or why nothing, is one line on
 * stderr; stdout stays the results.
 */
import { REWRITE_BUDGET_MS, rewriteQuery, wantsRewrite, withSearchTerms } from '../chat/queryRewrite';
import { DEFAULT_CHAT_MODEL, type CliContext } from './context';
import { note } from './output';

export const REWRITE_SKIPPED_NOTE = 'query rewrite skipped: not a bug report, traceback or "where is" question; searching as typed';

/** `signal`: none by default, since Ctrl-C ends `lore search` as a whole. */
export async function queryWithRewrite(
  ctx: Pick<CliContext, 'client'>,
  query: string,
  chatModel: string | undefined,
  signal: AbortSignal = new AbortController().signal,
): Promise<string> {
  if (!wantsRewrite(query)) {
    note(REWRITE_SKIPPED_NOTE);
    return query;
  }
  const model = chatModel ?? process.env.LORE_CHAT_MODEL ?? DEFAULT_CHAT_MODEL;
  const timeoutMs = Math.min(REWRITE_BUDGET_MS, ctx.client.firstByteTimeoutMs);
  const { terms } = await rewriteQuery(query, ctx.client, { model, timeoutMs, log: note }, signal);
  return withSearchTerms(query, terms);
}
