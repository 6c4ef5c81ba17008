/**
 * What the command line says when something is wrong, in its own words: a missing folder instead of
 * `ENOENT ... realpath`, an unknown option instead of Node's parser message, and advice that points
 * at flags and environment variables (the CLI has no settings).
 */

/** Advice written for the extension, with the CLI's way of doing the same. */
export function cliAdvice(text: string): string {
  return text
    .replace(/check the Ollama address in Lore's settings/g, 'check the Ollama address (--ollama URL or OLLAMA_HOST)')
    .replace(/choose an embedding model in Lore's settings/g, 'choose an embedding model with --embed-model')
    .replace(/choose a chat model in Lore's settings/g, 'choose a chat model with --chat-model')
    .replace(/in Lore's settings/g, 'with the command-line options (see lore --help)');
}

interface NodeError {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  message?: unknown;
}

/**
 * A one-line message for errors Node raises about the user's input, or undefined for other errors.
 * `usage` is true when the command line itself was wrong (exit status 2, usage shown).
 */
export function describeInputError(err: unknown, command: string | undefined): { message: string; usage: boolean } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as NodeError;
  const code = String(e.code ?? '');
  if (code === 'ENOENT' && (e.syscall === 'realpath' || e.syscall === 'stat' || e.syscall === 'scandir') && typeof e.path === 'string') {
    return { message: `no folder at ${e.path}`, usage: false };
  }
  if (code === 'ENOTDIR' && typeof e.path === 'string') return { message: `${e.path} is not a folder`, usage: false };
  const help = command ? `lore ${command} --help` : 'lore --help';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(String(e.message))?.[1] ?? 'option';
    return { message: `unknown option ${option} (see ${help})`, usage: true };
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'(-[^']+)'/.exec(String(e.message))?.[1] ?? 'an option';
    return { message: `${option.replace(/^-\w, /, '').replace(/ <value>$/, '')} needs a value (see ${help})`, usage: true };
  }
  if (code.startsWith('ERR_PARSE_ARGS')) return { message: `${String(e.message)} (see ${help})`, usage: true };
  return undefined;
}
