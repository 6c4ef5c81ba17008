import { answerChat, isRewriteRequest, isSearchTermsRequest, rewriteFollowUp, searchTermsFor, toTokens, type ScriptedReply, type SimMessage } from './chatScript';
import type { Exchange } from './exchange';
import { digestOf, thinks, type ModelCatalog } from './models';

/** Handlers of Ollama's HTTP API, answering with the same shapes (and error texts) as the real server. */

export const SIM_VERSION = '0.12.6-ollama-sim';

export interface SimContext {
  catalog: ModelCatalog;
  embedLatencyMs: number;
  tokenLatencyMs: number;
  embed(model: string, text: string): number[];
  countEmbedded(n: number): void;
  /** A test's scripted reply for these messages, if one is set and matches (consumes one use). */
  cannedReply(messages: SimMessage[]): ScriptedReply | undefined;
}

type Handler = (ex: Exchange, ctx: SimContext) => Promise<void>;

const ROUTES: Record<string, Handler> = {
  'GET /': (ex) => plain(ex, 'Ollama is running'),
  'HEAD /': (ex) => plain(ex, ''),
  'GET /api/version': (ex) => ex.json(200, { version: SIM_VERSION }),
  'GET /api/tags': (ex, ctx) => ex.json(200, { models: ctx.catalog.tags() }),
  'GET /api/ps': (ex) => ex.json(200, { models: [] }),
  'POST /api/show': (ex, ctx) => {
    const name = str(ex.body.model) ?? str(ex.body.name) ?? '';
    if (!ctx.catalog.kindOf(name)) return ex.error(404, `model '${name}' not found`);
    return ex.json(200, ctx.catalog.show(name));
  },
  'POST /api/embed': embed,
  'POST /api/embeddings': embeddings,
  'POST /api/chat': (ex, ctx) => chatLike(ex, ctx, 'chat'),
  'POST /api/generate': (ex, ctx) => chatLike(ex, ctx, 'generate'),
  'POST /api/pull': pull,
};

export const KNOWN_PATHS = new Set(Object.keys(ROUTES).map((k) => k.split(' ')[1]));

export function route(ex: Exchange, ctx: SimContext): Promise<void> {
  const handler = ROUTES[`${ex.req.method} ${ex.entry.path}`];
  if (handler) return handler(ex, ctx);
  // Go's mux answers these in plain text, which clients must cope with too.
  if (KNOWN_PATHS.has(ex.entry.path)) return plain(ex, '405 method not allowed', 405);
  return plain(ex, '404 page not found', 404);
}

async function embed(ex: Exchange, ctx: SimContext): Promise<void> {
  const model = str(ex.body.model) ?? '';
  const input = ex.body.input;
  const texts = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((t) => typeof t === 'string') ? input as string[] : undefined;
  if (!texts) return ex.error(400, 'invalid input type');
  if (!ctx.catalog.kindOf(model)) return ex.error(404, `model "${model}" not found, try pulling it first`);
  if (!(await ex.pause(ctx.embedLatencyMs * texts.length))) return;
  const embeddings = texts.map((t) => ctx.embed(model, t));
  ctx.countEmbedded(texts.length);
  const promptTokens = texts.reduce((n, t) => n + toTokens(t).length, 0);
  await ex.json(200, { model, embeddings, total_duration: 1_000_000 * (1 + texts.length), load_duration: 1_000_000, prompt_eval_count: promptTokens });
}

async function embeddings(ex: Exchange, ctx: SimContext): Promise<void> {
  const model = str(ex.body.model) ?? '';
  const prompt = str(ex.body.prompt);
  if (prompt === undefined) return ex.error(400, 'prompt is required');
  if (!ctx.catalog.kindOf(model)) return ex.error(404, `model "${model}" not found, try pulling it first`);
  if (!(await ex.pause(ctx.embedLatencyMs))) return;
  const embedding = ctx.embed(model, prompt);
  ctx.countEmbedded(1);
  await ex.json(200, { embedding });
}

async function chatLike(ex: Exchange, ctx: SimContext, kind: 'chat' | 'generate'): Promise<void> {
  const model = str(ex.body.model) ?? '';
  const think = ex.body.think;
  const messages = kind === 'chat' ? toMessages(ex.body.messages) : generateMessages(ex.body);
  if (!messages) return ex.error(400, 'invalid message format');
  const modelKind = ctx.catalog.kindOf(model);
  if (!modelKind) return ex.error(404, `model "${model}" not found, try pulling it first`);
  if (modelKind === 'embed') return ex.error(400, `"${model}" does not support ${kind}`);
  if (think === true && !thinks(model)) return ex.error(400, `"${model}" does not support thinking`);

  const reply = messages.length ? ctx.cannedReply(messages) ?? scriptedReply(messages) : { thinking: '', answer: '' };
  const reasoning = thinks(model) && think !== false ? reply.thinking : '';
  // With think:true reasoning goes to its own field; otherwise reasoning models inline <think> tags.
  const pieces: { field: 'content' | 'thinking'; text: string }[] = [];
  const separate = think === true;
  if (reasoning) {
    if (!separate) pieces.push({ field: 'content', text: '<think>\n' });
    for (const t of toTokens(reasoning)) pieces.push({ field: separate ? 'thinking' : 'content', text: t });
    if (!separate) pieces.push({ field: 'content', text: '\n</think>\n\n' });
  }
  for (const t of toTokens(reply.answer)) pieces.push({ field: 'content', text: t });

  const limit = numberOption(ex.body.options, 'num_predict');
  const emitted = limit !== undefined && limit >= 0 ? pieces.slice(0, limit) : pieces;
  const doneReason = messages.length === 0 ? 'load' : emitted.length < pieces.length ? 'length' : 'stop';
  const promptTokens = messages.reduce((n, m) => n + toTokens(m.content).length, 0);
  const stats = {
    done_reason: doneReason, done: true, total_duration: 2_000_000 + emitted.length * ctx.tokenLatencyMs * 1e6,
    load_duration: 1_000_000, prompt_eval_count: promptTokens, prompt_eval_duration: 500_000,
    eval_count: emitted.length, eval_duration: emitted.length * Math.max(1, ctx.tokenLatencyMs) * 1e6,
  };
  const textField = kind === 'chat' ? 'content' : 'response';
  const frame = (field: 'content' | 'thinking', text: string): object => {
    const base = { model, created_at: new Date().toISOString() };
    const key = field === 'content' ? textField : 'thinking';
    return kind === 'chat'
      ? { ...base, message: { role: 'assistant', content: key === 'content' ? text : '', ...(key === 'thinking' ? { thinking: text } : {}) }, done: false }
      : { ...base, [key]: text, ...(key === 'thinking' ? { response: '' } : {}), done: false };
  };

  if (ex.body.stream === false) {
    if (!(await ex.pause(ctx.tokenLatencyMs * emitted.length))) return;
    const content = emitted.filter((p) => p.field === 'content').map((p) => p.text).join('');
    const thinking = emitted.filter((p) => p.field === 'thinking').map((p) => p.text).join('');
    const base = { model, created_at: new Date().toISOString() };
    const body = kind === 'chat'
      ? { ...base, message: { role: 'assistant', content, ...(thinking ? { thinking } : {}) }, ...stats }
      : { ...base, response: content, ...(thinking ? { thinking } : {}), ...stats };
    return ex.json(200, body);
  }
  ex.startStream();
  for (let i = 0; i < emitted.length; i++) {
    if (i > 0 && !(await ex.pause(ctx.tokenLatencyMs))) return;
    if (!(await ex.chunk(frame(emitted[i].field, emitted[i].text)))) return;
  }
  const last = frame('content', '') as Record<string, unknown>;
  if (!(await ex.chunk({ ...last, ...stats }))) return;
  ex.endStream();
}

function scriptedReply(messages: SimMessage[]): ScriptedReply {
  if (isSearchTermsRequest(messages)) {
    return { thinking: 'The user wants search terms for this report. I list the code names it mentions.', answer: searchTermsFor(messages) };
  }
  if (!isRewriteRequest(messages)) return answerChat(messages);
  const question = rewriteFollowUp(messages);
  return {
    thinking: 'The user wants the last question rewritten so that it stands on its own. I replace pronouns with what they refer to.',
    answer: question,
  };
}

async function pull(ex: Exchange, ctx: SimContext): Promise<void> {
  const name = str(ex.body.model) ?? str(ex.body.name) ?? '';
  const { catalog } = ctx;
  if (ex.body.stream === false) {
    return catalog.pull(name) ? ex.json(200, { status: 'success' }) : ex.error(500, 'pull model manifest: file does not exist');
  }
  ex.startStream();
  if (!(await ex.chunk({ status: 'pulling manifest' }))) return;
  if (!catalog.canPull(name)) {
    await ex.chunk({ error: 'pull model manifest: file does not exist' });
    return ex.endStream();
  }
  const total = catalog.facts(name).size;
  const digest = `sha256:${digestOf(name)}`;
  const steps = 4;
  for (let i = 0; i <= steps; i++) {
    if (i > 0 && !(await ex.pause(ctx.tokenLatencyMs))) return;
    const completed = Math.round((total * i) / steps);
    if (!(await ex.chunk({ status: `pulling ${digest.slice(7, 19)}`, digest, total, completed }))) return;
  }
  for (const status of ['verifying sha256 digest', 'writing manifest']) {
    if (!(await ex.chunk({ status }))) return;
  }
  catalog.pull(name);
  if (!(await ex.chunk({ status: 'success' }))) return;
  ex.endStream();
}

function toMessages(value: unknown): SimMessage[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const out: SimMessage[] = [];
  for (const m of value as unknown[]) {
    if (typeof m !== 'object' || m === null) return undefined;
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== 'string') return undefined;
    out.push({ role, content: typeof content === 'string' ? content : '' });
  }
  return out;
}

function generateMessages(body: Record<string, unknown>): SimMessage[] | undefined {
  const prompt = str(body.prompt);
  if (prompt === undefined || prompt === '') return [];
  const system = str(body.system);
  return [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: prompt }];
}

function plain(ex: Exchange, text: string, status = 200): Promise<void> {
  ex.entry.status = status;
  ex.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  ex.res.end(ex.req.method === 'HEAD' ? undefined : text);
  return Promise.resolve();
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function numberOption(options: unknown, key: string): number | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const value = (options as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : undefined;
}
