/**
 * Secret files are never indexed: their text would end up in the index on disk and, with a remote
 * Ollama host, in requests leaving the machine. Missing a useful file is cheap; leaking a key is not.
 */
import { compileGlobs } from './userGlobs';

/** Patterns without a slash match the basename at any depth; matching ignores case. */
export const BUILTIN_SECRET_PATTERNS: readonly string[] = [
  '.env', '.env.*', '*.env',
  '*.pem', '*.key', '*.p12', '*.pfx', '*.jks', '*.keystore',
  'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*',
  '.npmrc', '.pypirc', '.netrc', '.htpasswd', '.git-credentials',
  'credentials', 'credentials.json', '*.credentials', '**/.aws/credentials', '**/.docker/config.json',
  'secrets.yml', 'secrets.yaml', '*.tfstate', '*.tfstate.*', 'service-account*.json',
  // Certificates and signing requests: public as a rule, but bundled with keys often enough.
  '*.crt', '*.cer', '*.csr',
  // gcloud's user credentials (its service-account keys are caught by content, see textContent.ts).
  'application_default_credentials.json', '**/.config/gcloud/**', '**/.kube/config',
];

/** Look-alikes that hold no secret by convention: templates of env files and public keys. */
const BUILTIN_ALLOWED = ['.env.example', '.env.sample', '.env.template', '*.pub'];

type Matcher = (path: string) => boolean;

const compile = (patterns: readonly string[]): Matcher => compileGlobs(patterns, { nocase: true });

const builtinSecret = compile(BUILTIN_SECRET_PATTERNS);
const builtinAllowed = compile(BUILTIN_ALLOWED);

/** A secret matcher for the built-ins plus `extra` user patterns (which have no exceptions). */
export function secretMatcher(extra: readonly string[] = []): Matcher {
  const user = compile(extra);
  return (relPath) => (builtinSecret(relPath) && !builtinAllowed(relPath)) || user(relPath);
}

const cache = new Map<string, Matcher>();

/** True when `relPath` (relative, POSIX) names a secret file that must never be indexed. */
export function isSecretPath(relPath: string, extra: readonly string[] = []): boolean {
  const key = extra.join('\n');
  let match = cache.get(key);
  if (!match) {
    // Callers usually pass the same user setting every time; keep the cache from growing unbounded.
    if (cache.size > 16) cache.clear();
    match = secretMatcher(extra);
    cache.set(key, match);
  }
  return match(relPath);
}
