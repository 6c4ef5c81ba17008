import * as vscode from 'vscode';
import { ask, type AskFolder, type AskSearchSettings } from '../chat/ask';
import type { NumberedSource } from '../chat/citations';
import type { ChatTurn } from '../chat/history';
import type { ChatChunk, ChatRequest, OllamaClient } from '../ollama/client';
import type { Searcher } from '../indexer/search';
import type { SearchScope } from '../indexer/types';
import type { FolderHit } from '../indexer/workspaceIndex';
import { documentFormatFor } from '../indexer/discovery/documentFormats';
import { toAbortSignal } from './lifecycle';

/** `contributes.chatParticipants[].id` in package.json. */
export const LORE_PARTICIPANT_ID = 'lore.participant';
/** Opens Lore's own panel (the view container's focus command). */
const OPEN_PANEL_COMMAND = 'workbench.view.extension.lore';

export interface ParticipantDeps {
  searcher: () => Promise<Searcher<FolderHit> & { folders(): readonly AskFolder[] }>;
  /** Search settings (k, mode, weights) and the prompt budget, as the Lore panel uses them. */
  settings: () => { search: AskSearchSettings; budgetTokens: number };
  log: vscode.LogOutputChannel;
}

/**
 * VS Code's chat model as the asking module's chat client: the user picked the model in VS Code's
 * chat, so `@lore` answers with it instead of Ollama. VS Code has no system role; the instructions
 * go first as a user message.
 */
function modelAsChat(model: vscode.LanguageModelChat): Pick<OllamaClient, 'chatStream' | 'chat'> {
  const send = async (req: ChatRequest, signal?: AbortSignal) => {
    const cts = new vscode.CancellationTokenSource();
    signal?.addEventListener('abort', () => cts.cancel(), { once: true });
    const messages = req.messages.map((m) =>
      m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content),
    );
    return model.sendRequest(messages, { justification: 'Lore answers from your indexed code and documents.' }, cts.token);
  };
  return {
    async *chatStream(req: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatChunk> {
      const response = await send(req, signal);
      for await (const text of response.text) yield { content: text, thinking: '', done: false };
      yield { content: '', thinking: '', done: true };
    },
    async chat(req: ChatRequest, signal?: AbortSignal): Promise<string> {
      let out = '';
      for await (const text of (await send(req, signal)).text) out += text;
      return out;
    },
  };
}

/** Earlier `@lore` exchanges of this chat, so a follow-up question is understood. */
function historyOf(context: vscode.ChatContext): ChatTurn[] {
  const turns: ChatTurn[] = [];
  let question: string | undefined;
  for (const t of context.history) {
    if (t instanceof vscode.ChatRequestTurn) question = t.participant === LORE_PARTICIPANT_ID ? t.prompt : undefined;
    else if (t instanceof vscode.ChatResponseTurn && question !== undefined && t.participant === LORE_PARTICIPANT_ID) {
      const answer = t.response.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : '')).join('');
      turns.push({ id: `h${turns.length}`, question, answer, sources: [], createdAt: 0 });
      question = undefined;
    }
  }
  return turns;
}

function location(src: NumberedSource, folder: string): vscode.Location | vscode.Uri {
  const uri = vscode.Uri.joinPath(vscode.Uri.file(folder), src.path);
  // Lines of an extracted document (PDF, DOCX, notebook) count its text, not the file's: link the file.
  if (documentFormatFor(src.path) && src.kind !== 'text') return uri;
  return new vscode.Location(uri, new vscode.Range(src.startLine - 1, 0, src.endLine - 1, Number.MAX_SAFE_INTEGER));
}

export function createHandler(deps: ParticipantDeps): vscode.ChatRequestHandler {
  return async (request, context, stream, token) => {
    const scope: SearchScope = request.command === 'code' ? 'code' : request.command === 'docs' ? 'docs' : 'all';
    if (!request.model) {
      noModel(stream);
      return {};
    }
    const searcher = await deps.searcher();
    const settings = deps.settings();
    const folderOf = new Map<string, string>();
    let sources: NumberedSource[] = [];
    const events = ask<FolderHit>(
      { searcher, folders: searcher.folders(), chat: modelAsChat(request.model) },
      { question: request.prompt, scope, history: historyOf(context), search: settings.search, model: request.model.id, budgetTokens: settings.budgetTokens },
      toAbortSignal(token),
    );
    for await (const ev of events) {
      switch (ev.type) {
        case 'status':
          stream.progress(ev.text);
          break;
        case 'folderUnknown':
          stream.markdown(`_${vscode.l10n.t('No indexed folder is named "{0}"; searching all folders.', ev.name)}_\n\n`);
          break;
        case 'searched':
          if (ev.result.fallbackReason) stream.progress(vscode.l10n.t('Keyword search only: {0}', ev.result.fallbackReason));
          for (const h of ev.result.hits) folderOf.set(`${h.path}:${h.startLine}`, h.folder);
          break;
        case 'sources':
          sources = ev.sources;
          for (const s of sources) stream.reference(location(s, s.folder ?? folderOf.get(`${s.path}:${s.startLine}`) ?? ''));
          break;
        case 'answer':
          stream.markdown(ev.delta);
          break;
        case 'done':
          if (ev.cited.length) {
            stream.markdown(`\n\n${vscode.l10n.t('Sources:')} `);
            for (const n of ev.cited) {
              const s = sources[n - 1];
              if (!s) continue;
              stream.markdown(` [${n}] `);
              stream.anchor(location(s, s.folder ?? folderOf.get(`${s.path}:${s.startLine}`) ?? ''), `${s.path}:${s.startLine}-${s.endLine}`);
            }
          }
          break;
        case 'error':
          deps.log.warn(`@lore: ${ev.message}`);
          if (isNoModel(ev.message)) {
            noModel(stream);
          } else stream.markdown(`\n\n${ev.advice ?? ev.message}`);
          for (const s of ev.retrievalOnly ?? []) stream.anchor(location(s, s.folder ?? folderOf.get(`${s.path}:${s.startLine}`) ?? ''), `${s.path}:${s.startLine}-${s.endLine}`);
          return { errorDetails: { message: ev.message } };
        default:
          break;
      }
    }
    return {};
  };
}

/** Where VS Code's chat has no model: say so and offer Lore's own panel (which uses Ollama). */
function noModel(stream: vscode.ChatResponseStream): void {
  stream.markdown(vscode.l10n.t("No chat model is available in VS Code's chat. Lore's own panel answers with your local Ollama model instead."));
  stream.button({ command: OPEN_PANEL_COMMAND, title: vscode.l10n.t('Open the Lore panel') });
}

/** VS Code reports a model the user cannot use (none signed in, no consent) as LanguageModelError. */
function isNoModel(message: string): boolean {
  return /NoPermissions|NotFound|Blocked|no (language|chat) model/i.test(message);
}

/** Registers `@lore` where this VS Code has chat participants (1.90+; the manifest floor is 1.100). */
export function registerLoreParticipant(deps: ParticipantDeps, extensionUri: vscode.Uri): vscode.Disposable | undefined {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return undefined;
  const participant = vscode.chat.createChatParticipant(LORE_PARTICIPANT_ID, createHandler(deps));
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'lore.svg');
  return participant;
}
