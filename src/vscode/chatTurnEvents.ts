import type { AskEvent } from '../chat/ask';
import type { FolderHit } from '../indexer/workspaceIndex';
import type { HostMessage } from '../protocol';
import { previewOf, toLocation, toWire, turnErrorOf, type RetrievedText } from './chatWire';
import type { StoredTurn } from './conversationStore';
import type { Translate } from './translate';

/** One chat turn while it streams: the turn it updates and where its messages go. */
export interface TurnEventContext {
  turn: StoredTurn;
  /** The chat model asked (a missing model's Pull button names it). */
  model: string;
  /** `path:startLine` -> folder of each hit, so a source opens in the right folder. */
  folderOf: Map<string, string>;
  /** Hits retrieved so far: the text of source previews. */
  hitTexts: RetrievedText[];
  post: (m: HostMessage) => void;
  t: Translate;
  /** An answer came (Ollama up) or Ollama was unreachable (the status bar says so). */
  ollamaSeen?: (up: boolean) => void;
  warn: (line: string) => void;
}

/**
 * Applies one event of an asking turn (src/chat/ask.ts) to the host's record of the turn and posts what
 * the panel needs: status lines, sources with previews, deltas, the end or the error.
 */
export function applyTurnEvent(ctx: TurnEventContext, ev: AskEvent<FolderHit>): void {
  const { turn, folderOf, hitTexts, post, t } = ctx;
  const s = turn.snapshot;
  const turnId = s.turnId;
  switch (ev.type) {
    case 'status':
      post({ type: 'status', turnId, text: ev.text });
      break;
    case 'folderUnknown':
      post({ type: 'status', turnId, text: t('No indexed folder is named "{0}"; searching all folders.', ev.name) });
      break;
    case 'searched':
      if (ev.result.fallbackReason) post({ type: 'status', turnId, text: t('Keyword search only: {0}', ev.result.fallbackReason) });
      for (const h of ev.result.hits) folderOf.set(`${h.path}:${h.startLine}`, h.folder);
      hitTexts.push(...ev.result.hits);
      break;
    case 'sources':
      s.sources = ev.sources.map((src) => ({ ...toWire(src), ...previewOf(src, hitTexts) }));
      turn.locations = ev.sources.map((src) => toLocation(src, folderOf));
      post({ type: 'sources', turnId, sources: s.sources });
      break;
    case 'thinking':
      s.thinking += ev.delta;
      post({ type: 'thinkingDelta', turnId, text: ev.delta });
      break;
    case 'answer':
      s.answer += ev.delta;
      post({ type: 'answerDelta', turnId, text: ev.delta });
      break;
    case 'done':
      ctx.ollamaSeen?.(true);
      s.state = ev.turn.stopped ? 'stopped' : 'done';
      s.cited = ev.cited;
      turn.history = ev.turn;
      post({ type: 'turnDone', turnId, stopped: !!ev.turn.stopped, cited: ev.cited });
      break;
    case 'error': {
      if (ev.kind === 'unreachable') ctx.ollamaSeen?.(false);
      s.state = 'error';
      if (ev.retrievalOnly) {
        turn.locations = ev.retrievalOnly.map((src) => toLocation(src, folderOf));
        s.sources = ev.retrievalOnly.map(toWire);
      }
      s.error = turnErrorOf(ev, ctx.model);
      post({ type: 'turnError', turnId, ...s.error });
      ctx.warn(`Chat turn failed: ${ev.message}${ev.advice ? ` (${ev.advice})` : ''}`);
      break;
    }
    default:
      break;
  }
}
