/**
 * `lore search --rewrite`: the chat model's search terms for a bug report or "where is" question,
 * appended to the query (src/chat/queryRewrite.ts). What was added, or why nothing, is one line on
 * stderr; stdout stays the results.
 */
import { NOT_REWRITTEN, REWRITE_BUDGET_MS, rewriteQuery, wantsRewrite, withSearchTerms } from '../chat/queryRewrite';
import { DEFAULT_CHAT_MODEL, type CliContext } from './context';
import { note } from './output';

/** A rewrite's log line as a CLI note (`lore: query rewrite: ...`, lower-case like the other notes). */
export function rewriteNote(line: string): void {
  note(`${line.charAt(0).toLowerCase()}${line.slice(1)}`);
}

/** `signal`: none by default, since Ctrl-C ends `lore search` as a whole. */
export async function queryWithRewrite(
  ctx: Pick<CliContext, 'client'>,
  query: string,
  chatModel: string | undefined,
  signal: AbortSignal = new AbortController().signal,
): Promise<string> {
  if (!wantsRewrite(query)) {
    rewriteNote(NOT_REWRITTEN);
    return query;
  }
  const model = chatModel ?? process.env.LORE_CHAT_MODEL ?? DEFAULT_CHAT_MODEL;
  const timeoutMs = Math.min(REWRITE_BUDGET_MS, ctx.client.firstByteTimeoutMs);
  const { terms } = await rewriteQuery(query, ctx.client, { model, timeoutMs, log: rewriteNote }, signal);
  return withSearchTerms(query, terms);
}
