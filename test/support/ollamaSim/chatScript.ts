import { codeWords } from './words';

/**
 * The sim's deterministic "model": it reads the sources Lore put in the prompt, picks the one that
 * shares the most words with the question, and answers by quoting it verbatim with [n] citations.
 */

export interface SimMessage {
  role: string;
  content: string;
}

export interface PromptSource {
  n: number;
  path: string;
  startLine: number;
  endLine: number;
  label?: string;
  text: string;
}

export interface ScriptedReply {
  /** Reasoning, without <think> tags; empty when the model does not think. */
  thinking: string;
  answer: string;
}

const SOURCE_HEADER = /^\[(\d+)\] (\S+):(\d+)-(\d+)(?: \((.*)\))?$/;

/** Sources listed as `[n] path:a-b (label)` + a fenced block; `rest` is the text around them. */
export function parseSources(text: string): { sources: PromptSource[]; rest: string } {
  const lines = text.split(/\r?\n/);
  const sources: PromptSource[] = [];
  const rest: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = SOURCE_HEADER.exec(lines[i]);
    let open = i + 1;
    while (header && open < lines.length && lines[open].trim() === '') open++;
    const fence = header && open < lines.length ? /^\s*(`{3,}|~{3,})/.exec(lines[open]) : null;
    if (!header || !fence) {
      rest.push(lines[i]);
      continue;
    }
    const marker = fence[1];
    let close = open + 1;
    const isClose = (line: string): boolean => line.trim().startsWith(marker) && /^[`~]+$/.test(line.trim()) && line.trim()[0] === marker[0];
    while (close < lines.length && !isClose(lines[close])) close++;
    sources.push({
      n: Number(header[1]), path: header[2], startLine: Number(header[3]), endLine: Number(header[4]),
      label: header[5], text: lines.slice(open + 1, close).join('\n'),
    });
    i = close;
  }
  return { sources, rest: rest.join('\n') };
}

/** The question: a `Question:` line if there is one, else the last paragraph of the text. */
export function extractQuestion(text: string): string {
  const marked = /(?:^|\n)[ \t]*(?:question|follow[- ]?up(?: question)?)[ \t]*:[ \t]*([\s\S]*)$/i.exec(text);
  if (marked && marked[1].trim()) return marked[1].trim();
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return paragraphs.at(-1) ?? '';
}

export function rankSources(question: string, sources: PromptSource[]): { source: PromptSource; shared: string[] }[] {
  const asked = new Set(codeWords(question));
  return sources
    .map((source) => {
      const words = new Set(codeWords(`${source.path} ${source.label ?? ''} ${source.text}`));
      return { source, shared: [...asked].filter((w) => words.has(w)) };
    })
    .sort((a, b) => b.shared.length - a.shared.length || a.source.n - b.source.n);
}

/** Answer to a RAG prompt. Sources come from the last user message, else from the system messages. */
export function answerChat(messages: SimMessage[]): ScriptedReply {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const fromUser = parseSources(lastUser?.content ?? '');
  let sources = fromUser.sources;
  if (sources.length === 0) {
    sources = messages.filter((m) => m.role === 'system').flatMap((m) => parseSources(m.content).sources);
  }
  const question = extractQuestion(fromUser.rest) || '(empty question)';
  if (sources.length === 0) {
    return {
      thinking: `The user asks: "${oneLine(question)}". No sources from the workspace were given to me, so I cannot ground an answer in their code.`,
      answer: 'I found nothing in the workspace that answers this question.',
    };
  }
  if (QA_REQUEST.test(lastUser?.content ?? '') || messages.some((m) => m.role === 'system' && QA_REQUEST.test(m.content))) return answerQa(sources[0]);
  const ranked = rankSources(question, sources);
  const best = ranked[0];
  const list = sources.map((s) => `[${s.n}] ${s.path}`).join(', ');
  const why = best.shared.length ? `it shares the most words with the question (${best.shared.slice(0, 5).join(', ')})` : 'none share words with the question, so I take the first one';
  const thinking = `The user asks: "${oneLine(question)}". I looked at ${sources.length} source${sources.length > 1 ? 's' : ''}: ${list}. ` +
    `[${best.source.n}] ${best.source.path} is the most relevant because ${why}. I will quote it and cite it.`;
  return { thinking, answer: composeAnswer(best.source, ranked.slice(1).map((r) => r.source)) };
}

/** A prompt that asks for a `Q: ...` / `A: ...` pair (`lore export --qa`). */
const QA_REQUEST = /question[- ]answer pair/i;

/**
 * Follows the pair format like an instruction-tuned model would: a question about the passage's
 * first content words, answered by quoting its first lines with a citation.
 */
function answerQa(source: PromptSource): ScriptedReply {
  const lines = source.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const topic = codeWords(lines.join(' ')).filter((w) => w.length > 3).slice(0, 4).join(' ');
  const where = source.label ?? source.path;
  return {
    thinking: `I write one question that ${source.path} answers, and answer it from the passage.`,
    answer: `Q: What does ${where} say about ${topic || 'its subject'}?\nA: ${lines.slice(0, 2).join(' ')} [${source.n}]`,
  };
}

function composeAnswer(best: PromptSource, others: PromptSource[]): string {
  const where = `lines ${best.startLine}-${best.endLine}${best.label ? `, ${best.label}` : ''}`;
  const lines = best.text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const quote: string[] = [];
  for (let i = Math.max(first, 0); i < lines.length && quote.length < 3 && lines[i].trim() !== ''; i++) quote.push(lines[i]);
  const longestRun = Math.max(0, ...(quote.join('\n').match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const lang = /\.([A-Za-z0-9]+)$/.exec(best.path)?.[1] ?? '';
  const parts = [
    `The most relevant place is \`${best.path}\` (${where}) [${best.n}]. It begins with:`,
    '',
    `${fence}${lang}`,
    ...quote,
    fence,
    '',
    `This is where the workspace handles what you asked about [${best.n}].`,
  ];
  if (others.length) parts.push(`See also ${others.slice(0, 3).map((s) => `\`${s.path}\` [${s.n}]`).join(', ')}.`);
  return parts.join('\n');
}

/** True when the prompt asks for search terms (src/chat/queryRewrite.ts) and gives no sources. */
export function isSearchTermsRequest(messages: SimMessage[]): boolean {
  return messages.some((m) => m.role === 'system' && /\bsearch terms\b/i.test(m.content)) &&
    !messages.some((m) => parseSources(m.content).sources.length > 0);
}

/**
 * A mechanical stand-in for a model's search terms: the code-like names the report itself spells
 * (dotted paths, calls, camelCase, snake_case, error names), one per line. It never knows a name the
 * report does not contain, so it exercises the plumbing, not the value of real rewriting.
 */
export function searchTermsFor(messages: SimMessage[]): string {
  const text = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const names = [...text.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g)]
    .map((m) => m[0])
    .filter((w) => /[a-z][A-Z]|_|\.|^[A-Z]\w*(Error|Exception)$/.test(w) && w.length <= 60);
  return [...new Set(names)].slice(0, 8).join('\n');
}

/** True when the prompt asks to rewrite a follow-up into a standalone question. */
export function isRewriteRequest(messages: SimMessage[]): boolean {
  return messages.some((m) => (m.role === 'system' || m.role === 'user') && /standalone/i.test(m.content)) &&
    !messages.some((m) => parseSources(m.content).sources.length > 0);
}

/**
 * The follow-up question with `it`/`that`/`this`/`them` replaced by the most recent code identifier
 * of the earlier conversation (history as separate messages or as a transcript in the prompt).
 */
export function rewriteFollowUp(messages: SimMessage[]): string {
  const convo = messages.filter((m) => m.role !== 'system');
  const last = convo.at(-1)?.content ?? '';
  const marked = /(?:^|\n)[ \t]*(?:follow[- ]?up(?: question)?|question)[ \t]*:[ \t]*(.+)\s*$/i.exec(last);
  const question = (marked ? marked[1] : last.split('\n').filter((l) => l.trim()).at(-1) ?? '').trim();
  const history = [...convo.slice(0, -1).map((m) => m.content), marked ? last.slice(0, marked.index) : ''].join('\n');
  const identifier = lastIdentifier(history);
  if (!identifier) return question;
  return question.replace(/\b(it|that|this|them)\b/gi, identifier);
}

/** Backticked names win; otherwise names that look like code (camelCase, snake_case, dotted, calls). */
function lastIdentifier(text: string): string | undefined {
  const ticked = [...text.matchAll(/`([A-Za-z_$][\w$.]*(?:\(\))?)`/g)].map((m) => m[1]);
  if (ticked.length) return ticked.at(-1);
  const codeLike = [...text.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?/g)]
    .map((m) => m[0])
    .filter((w) => /[a-z][A-Z]|_|\.|\(\)$/.test(w));
  return codeLike.at(-1);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

/** Word-sized pieces (each with its trailing whitespace) that concatenate back to `text`. */
export function toTokens(text: string): string[] {
  return text.match(/^\s+|\S+\s*/g) ?? [];
}
