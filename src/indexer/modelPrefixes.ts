/**
 * Embedding models trained with asymmetric instructions retrieve noticeably worse without them, so
 * queries and documents get the prefix their model card asks for. Looked up by model name; the user
 * can override either prefix (an empty string switches it off).
 */

export interface ModelPrefixes {
  query: string;
  document: string;
}

export interface PrefixOverride {
  query?: string;
  document?: string;
}

const BGE_QUERY = 'Represent this sentence for searching relevant passages: ';
const E5_INSTRUCT_QUERY = 'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery: ';

interface ModelRule {
  /** Tested against the bare model name: lower case, without namespace and tag. */
  match: RegExp;
  query: string;
  document: string;
  /** Context length Ollama runs the model with (tokens). */
  contextTokens: number;
}

// First match wins: specific names before the family they belong to.
const RULES: ModelRule[] = [
  // nomic-embed-text-v2-moe (multilingual) keeps v1's prefixes but reads at most 512 tokens.
  { match: /^nomic-embed-text-v2/, query: 'search_query: ', document: 'search_document: ', contextTokens: 512 },
  { match: /^nomic-embed-text/, query: 'search_query: ', document: 'search_document: ', contextTokens: 2048 },
  // Qwen3-Embedding: an instruction on the query, nothing on documents (its model card); the model
  // reads 32k tokens, 8192 keeps requests within what Ollama is commonly run with.
  { match: /^qwen3-embedding/, query: E5_INSTRUCT_QUERY, document: '', contextTokens: 8192 },
  { match: /^mxbai-embed-large/, query: BGE_QUERY, document: '', contextTokens: 512 },
  // bge-m3 was trained without instructions (its model card says to use none).
  { match: /^bge-m3/, query: '', document: '', contextTokens: 8192 },
  { match: /^bge-/, query: BGE_QUERY, document: '', contextTokens: 512 },
  // Arctic-embed 2.x switched to the short e5-style query prefix.
  { match: /^snowflake-arctic-embed2/, query: 'query: ', document: '', contextTokens: 8192 },
  { match: /^snowflake-arctic-embed/, query: BGE_QUERY, document: '', contextTokens: 512 },
  // The instruct variants of e5 take a task instruction on the query and nothing on passages.
  { match: /(^|-)e5-.*instruct/, query: E5_INSTRUCT_QUERY, document: '', contextTokens: 512 },
  { match: /(^|-)e5(-|$)/, query: 'query: ', document: 'passage: ', contextTokens: 512 },
  { match: /^all-minilm/, query: '', document: '', contextTokens: 256 },
  // sentence-transformers' paraphrase-multilingual-mpnet: symmetric, no prefixes.
  { match: /^paraphrase-multilingual/, query: '', document: '', contextTokens: 512 },
];

export const DEFAULT_CONTEXT_TOKENS = 512;

/** `registry.example/ns/Nomic-Embed-Text:v1.5` -> `nomic-embed-text`. */
export function bareModelName(model: string): string {
  const last = model.trim().toLowerCase().split('/').pop() ?? '';
  const colon = last.indexOf(':');
  return colon === -1 ? last : last.slice(0, colon);
}

function ruleFor(model: string): ModelRule | undefined {
  const bare = bareModelName(model);
  return RULES.find((r) => r.match.test(bare));
}

export function prefixesFor(model: string, override?: PrefixOverride): ModelPrefixes {
  const rule = ruleFor(model);
  return {
    query: override?.query ?? rule?.query ?? '',
    document: override?.document ?? rule?.document ?? '',
  };
}

/** Context window (tokens) used to keep embedding inputs short enough; unknown models get a safe 512. */
export function contextTokensFor(model: string): number {
  return ruleFor(model)?.contextTokens ?? DEFAULT_CONTEXT_TOKENS;
}

/**
 * The model part of the index identity. A custom document prefix changes every vector, so it is part
 * of the identity (a change rebuilds the index); with the model's default prefix it is just the name.
 */
export function indexModelName(model: string, documentPrefix: string): string {
  return documentPrefix === prefixesFor(model).document ? model : `${model} (document prefix ${JSON.stringify(documentPrefix)})`;
}
