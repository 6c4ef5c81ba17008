/**
 * Secrets inside text. Whole-file rules (secrets.ts) keep key files and env files out, but a private
 * key pasted into a PDF, a token in a notebook cell or a password in application.properties sits
 * inside a file that is rightly indexed. Every text is scanned with secretlint's recommended rule
 * preset (kept up to date by its maintainers: AWS, GCP, GitHub, Slack, OpenAI, private keys, basic
 * auth, npm, ...) plus secretlint's pattern rule for password-like assignments in config files,
 * which the preset leaves to the user. Each finding is replaced by `[secret: <kind>]`, padded with
 * the newlines it covered so that line ranges (citations) stay true; the rest stays searchable.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { creator as patternRule } from '@secretlint/secretlint-rule-pattern';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { secretLintProfiler } from '@secretlint/profiler';

// secretlint's core marks the process-wide performance timeline several times per lint, and its profiler
// keeps every mark in an array that it searches on each new one: the marks pile up in the timeline (60,000
// after 1,000 files) and the cost per text grows with the number already scanned (100 texts 0.2 s, 1,000
// texts 9 s), and a measure whose start mark is gone throws from a microtask (an unhandled rejection that
// ended the CLI in the hostile-corpus suite). Lore never reads the profile: turn marking off. The package
// is a direct dependency pinned to core's version so this is the very instance core imports.
secretLintProfiler.mark = () => undefined;

/** One secret found in a text: [start, end) in the original text and what kind it is. */
export interface SecretFinding {
  start: number;
  end: number;
  /** Kebab-case kind, as shown in the placeholder (`github-token`, `private-key`, `password`). */
  kind: string;
}

export interface RedactResult {
  /** The text with each secret replaced; the same text (===) when nothing was found. */
  text: string;
  /** Secrets replaced (overlapping findings count once). */
  redactions: number;
  /** Kinds of the replaced secrets, in text order (duplicates kept). */
  kinds: string[];
}

/**
 * Values of keys named like a password, secret or token in config files (`spring.datasource.password=`,
 * `password: x`, `client-secret = "x"`). Only the value is matched (lookbehind), so the key stays
 * searchable; placeholders (`${DB_PASSWORD}`, `%(pw)s`, `{{ pw }}`, `<password>`), booleans and
 * permission words (`id-token: write` in a CI workflow) are not.
 */
const PASSWORD_VALUE = String.raw`/(?<=^[ \t]*["']?[\w.\-\[\]]*(?:password|passwd|pwd|secret|token|api[_-]?key)["']?[ \t]*[=:][ \t]*["']?)(?!(?:true|false|null|none|yes|no|read|write)["']?[ \t]*$)[^\s"'$%{<#][^\s"']*/im`;
const CONFIG_FILES = ['**/*.{properties,yml,yaml,ini,cfg,conf,toml,env}'];
const PATTERN_KIND = 'password';

const CONFIG: SecretLintCoreConfig = {
  rules: [
    // AWS access key ids (AKIA...) are off by default in the preset; an id is half a credential.
    { id: recommended.meta.id, rule: recommended, rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }] },
    {
      id: patternRule.meta.id,
      rule: patternRule,
      options: { patterns: [{ name: PATTERN_KIND, patterns: [PASSWORD_VALUE], filePathGlobs: CONFIG_FILES }] },
    },
  ],
};

/** `AWSSecretAccessKey` / `GITHUB_TOKEN` -> `aws-secret-access-key` / `github-token`. */
function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

/**
 * Where the secret itself is. Some rules report a range that starts at their whole match but has the
 * secret's length (the AWS secret key rule: `AWS_SECRET_ACCESS_KEY=...`): when the message names the
 * secret (its data), the secret's own occurrence in or right after the range is used instead.
 */
function exactRange(text: string, range: readonly [number, number], data: object | undefined): [number, number] {
  const values = Object.values(data ?? {}).filter((v): v is string => typeof v === 'string' && v.length >= 8);
  for (const v of values) {
    const at = text.indexOf(v, range[0]);
    if (at !== -1 && at <= range[1]) return [at, at + v.length];
  }
  return [range[0], range[1]];
}

/** `password`, `secret`, `token` or `api-key`: what the key of a config-file assignment names. */
function assignmentKind(text: string, valueStart: number): string {
  const key = text.slice(text.lastIndexOf('\n', valueStart - 1) + 1, valueStart).toLowerCase();
  if (/pass|pwd/.test(key)) return 'password';
  if (key.includes('secret')) return 'secret';
  if (key.includes('token')) return 'token';
  return /key/.test(key) ? 'api-key' : PATTERN_KIND;
}

/** The secrets in `text`; `path` (relative, POSIX) decides whether config-file rules apply. */
export async function findSecrets(text: string, path = 'text.txt'): Promise<SecretFinding[]> {
  if (text.length === 0) return [];
  const result = await lintSource({
    source: { content: text, filePath: path, contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  return result.messages
    .map((m) => {
      const [start, end] = exactRange(text, m.range, m.data);
      return { start, end, kind: m.ruleId === patternRule.meta.id ? assignmentKind(text, start) : kebab(m.messageId) };
    })
    .filter((f) => f.end > f.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/** `text` with each finding replaced by `[secret: kind]` plus the newlines it covered. */
export function applyRedactions(text: string, findings: readonly SecretFinding[]): RedactResult {
  if (findings.length === 0) return { text, redactions: 0, kinds: [] };
  const parts: string[] = [];
  const kinds: string[] = [];
  let at = 0;
  for (const f of findings) {
    if (f.end <= at) continue; // inside the previous finding
    const start = Math.max(f.start, at);
    parts.push(text.slice(at, start));
    const newlines = text.slice(start, f.end).split('\n').length - 1;
    parts.push(`[secret: ${f.kind}]` + '\n'.repeat(newlines));
    kinds.push(f.kind);
    at = f.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), redactions: kinds.length, kinds };
}

/**
 * Replaces the secrets in one text. The API other readers of file text use (the MCP passage
 * reader): `path` is the file's relative path, which enables the config-file password rule.
 */
export async function redactSecrets(text: string, path?: string): Promise<RedactResult> {
  return applyRedactions(text, await findSecrets(text, path));
}
