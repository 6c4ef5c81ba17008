/** Public types of ollama-sim (see CONTRIBUTING.md "ollama-sim"). */

export type EmbedderKind = 'hash' | 'model2vec';

export interface ModelSets {
  embed?: string[];
  chat?: string[];
}

export interface OllamaSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  embedder?: EmbedderKind;
  /** Vector size of the hash embedder for every model; default: the real model's size (nomic 768, mxbai 1024, all-minilm 384). */
  dims?: number;
  /** Simulated embedding time per input text. */
  embedLatencyMs?: number;
  /** Pause between streamed tokens (chat, generate). */
  tokenLatencyMs?: number;
  /** Installed models; defaults to the embed and chat models of DEFAULT_MODELS. */
  models?: ModelSets;
  /** Keep the texts of embed requests in the log (`inputs`); off by default to spare memory in benchmarks. */
  logInputs?: boolean;
}

export type FaultKind = 'refuse' | '500' | 'hang' | 'drop-mid-stream' | 'drop-mid-batch';

export interface Fault {
  /**
   * refuse: reset the connection without an answer; 500: HTTP 500 with an Ollama error body;
   * hang: never answer; drop-mid-stream: send a few chunks, then cut the connection;
   * drop-mid-batch: send half of the JSON body, then cut the connection.
   */
  kind: FaultKind;
  /** Only these API paths (`/api/embed`); default all. */
  paths?: string[];
  /** Apply to this many matching requests, then clear; default until setFault(null). */
  count?: number;
}

/**
 * A test's scripted chat reply, used instead of the built-in script (to play a model's odd, hostile
 * or well-chosen output). The reply is the test's words, not a model's: never measure with it.
 */
export interface CannedChatReply {
  answer: string;
  /** Reasoning a thinking model sends first (as `<think>` or the `thinking` field). */
  thinking?: string;
  /** Only chat requests whose system or user messages match; default every chat request. */
  match?: RegExp;
  /** Use for this many matching requests, then clear; default until setChatReply(null). */
  count?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  model?: string;
  /** Texts in an /api/embed or /api/embeddings request. */
  inputCount?: number;
  /** Those texts, when started with `logInputs`. */
  inputs?: string[];
  /** performance.now() when the request arrived and when its response ended. */
  startedAt: number;
  endedAt?: number;
  /** HTTP status sent; 0 when a fault cut the connection or nothing was sent yet. */
  status: number;
  fault?: FaultKind;
  /** Streamed chunks (tokens/progress lines) written. */
  chunks: number;
  /** The client went away before the response was complete. */
  clientClosed: boolean;
  /** Set when the response has ended (completed, failed or cut). */
  finished: boolean;
}

export interface OllamaSim {
  url: string;
  port: number;
  log: RequestLogEntry[];
  /** Texts embedded successfully since start. */
  embeddedTexts(): number;
  setFault(fault: Fault | null): void;
  setModels(models: ModelSets): void;
  /** Script the next chat replies (see CannedChatReply); null restores the built-in script. */
  setChatReply(reply: CannedChatReply | null): void;
  /** Resolves when a request matching `path` has finished (or at once if one already has since `sinceIndex`). */
  waitForRequest(path: string, sinceIndex?: number): Promise<RequestLogEntry>;
  close(): Promise<void>;
}
