/** `lore <command> --help`: what each command does, its arguments and its own options. */

const SHARED = `Options of every command:
  --index-dir DIR     where the index lives (default: a per-folder directory in the user's cache, or LORE_INDEX_DIR)
  --ollama URL        Ollama's address (default: OLLAMA_HOST or http://127.0.0.1:11434)
  --embed-model NAME  embedding model (default: nomic-embed-text)
  --verbose           log details to stderr
  -h, --help          this help`;

const COMMAND_HELP: Record<string, string> = {
  index: `Usage: lore index [folder] [--json]

Indexes the folder (default: the current directory): finds its files, chunks and embeds them with Ollama,
and updates the index on later runs (only changed files). Without Ollama it builds the keyword index only.
Progress goes to stderr: one line rewritten in place on a terminal, a line every few seconds otherwise.

  --json              print the report as JSON on stdout`,
  search: `Usage: lore search "<query>" [folder] [--top K] [--mode hybrid|vector|keyword] [--weights V,K] [--scope all|code|docs] [--rewrite] [--json]

Prints the best matching passages of an indexed folder, with their path and lines.

  --top K             how many results (default 10)
  --mode MODE         hybrid (default), vector or keyword
  --weights V,K       weights of the vector and keyword sides in hybrid mode (default 1,1)
  --scope SCOPE       all (default), code or docs
  --rewrite           for a bug report, traceback or "where is" question, first ask the chat model
                      (--chat-model) for search terms and search for them too (one line on stderr says which)
  --json              print the results as JSON`,
  ask: `Usage: lore ask "<question>" [folder] [--chat-model NAME] [--show-thinking] [--rewrite]

Answers a question about an indexed folder with a local Ollama chat model, citing its sources as [n].
A question may start with @code, @docs or @folder:NAME to narrow the search.
Exits with status 1 when no answer could be given (for example Ollama is not running).

  --chat-model NAME   chat model (default: LORE_CHAT_MODEL or the built-in default)
  --show-thinking     also print a reasoning model's thinking (to stderr)
  --rewrite           for a bug report, traceback or "where is" question, first ask the chat model for
                      search terms and search for them too (at most 15 s; one line on stderr says which)`,
  status: `Usage: lore status [folder] [--json]

Shows a folder's index: files, chunks, vectors, model, size on disk, when it was last indexed, and
whether Ollama is reachable.

  --json              print the status as JSON`,
  export: `Usage: lore export [folder] [--format jsonl] [--out FILE] [--qa N] [--chat-model NAME]

Writes the folder's indexed chunks (or N generated question/answer pairs with --qa) as JSON lines.

  --format jsonl      the output format (only jsonl)
  --out FILE          write to FILE instead of stdout
  --qa N              generate N question/answer pairs with the chat model`,
  mcp: `Usage: lore mcp [folder...] [--update]

Serves the folders' indexes to other assistants over the Model Context Protocol on stdio.
Read-only unless --update, which also keeps the indexes up to date.

  --update            index changes while serving`,
};

/** Help for one command, or undefined for an unknown one. */
export function commandHelp(command: string): string | undefined {
  const text = COMMAND_HELP[command];
  return text === undefined ? undefined : `${text}\n\n${SHARED}`;
}
