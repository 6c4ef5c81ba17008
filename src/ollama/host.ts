import { isIP } from 'node:net';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
const DEFAULT_PORT = '11434';

/**
 * Canonical form of an Ollama host (`http://host:port`, no trailing slash), following the same
 * rules as the `ollama` client (`:11434` = loopback, missing scheme = http with port 11434) so the
 * address shown in advice is the one actually contacted.
 */
export function normalizeHost(host: string | undefined): string {
  let raw = (host ?? '').trim();
  if (!raw) return DEFAULT_OLLAMA_HOST;
  let explicitScheme = raw.includes('://');
  if (raw.startsWith(':')) {
    raw = `http://127.0.0.1${raw}`;
    explicitScheme = true;
  }
  if (!explicitScheme) raw = `http://${raw}`;
  const url = new URL(raw);
  const port = url.port || (explicitScheme ? (url.protocol === 'https:' ? '443' : '80') : DEFAULT_PORT);
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.hostname}:${port}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * True when requests to `host` cannot leave this machine: 127.0.0.0/8, ::1 (also IPv4-mapped),
 * `localhost`, and the unspecified addresses 0.0.0.0 / :: (as a destination they only reach the
 * local host, and `OLLAMA_HOST=0.0.0.0` is a common setting). Anything unparsable counts as remote,
 * so the "text leaves the machine" notice errs on the side of being shown.
 */
export function isLoopbackHost(host: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(normalizeHost(host)).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  if (hostname === 'localhost' || hostname === 'localhost.') return true;
  const family = isIP(hostname);
  if (family === 4) return hostname.startsWith('127.') || hostname === '0.0.0.0';
  if (family === 6) return isLoopbackIPv6(hostname);
  return false;
}

function isLoopbackIPv6(addr: string): boolean {
  const groups = expandIPv6(addr);
  if (!groups) return false;
  const allZeroUntil = (n: number): boolean => groups.slice(0, n).every((g) => g === 0);
  if (allZeroUntil(7) && (groups[7] === 1 || groups[7] === 0)) return true; // ::1 and ::
  // IPv4-mapped ::ffff:127.x.y.z (URL parsing turns it into ::ffff:7fxx:yyzz).
  return allZeroUntil(5) && groups[5] === 0xffff && groups[6] >> 8 === 127;
}

/** Eight 16-bit groups of an IPv6 address (with an optional dotted IPv4 tail), or undefined. */
function expandIPv6(addr: string): number[] | undefined {
  // Rewrite a dotted IPv4 tail (::ffff:127.0.0.1) as two hex groups, then parse uniformly.
  const text = addr.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string): number[] => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  return groups.every((g) => !Number.isNaN(g)) ? groups : undefined;
}

/** Ollama treats `name` and `name:latest` as the same model; compare names in this form. */
export function canonicalModelName(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`;
}

export function sameModel(a: string, b: string): boolean {
  return canonicalModelName(a) === canonicalModelName(b);
}
