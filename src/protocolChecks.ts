/**
 * Tiny structural checkers for the webview protocol (src/protocol.ts). Hand-written instead of a
 * schema library because the webview bundle must stay small and the shapes are flat.
 */

/** A predicate over an untrusted value. */
export type Check = (v: unknown) => boolean;

/** Marks a field that may be absent; `undefined` is accepted, `null` is not. */
const OPTIONAL = Symbol('optional');
type OptionalCheck = Check & { [OPTIONAL]: true };

export function opt(check: Check): Check {
  const c = ((v: unknown) => v === undefined || check(v)) as OptionalCheck;
  c[OPTIONAL] = true;
  return c;
}

export const isBool: Check = (v) => typeof v === 'boolean';

export function isStr(maxLength: number): Check {
  return (v) => typeof v === 'string' && v.length <= maxLength;
}

/** Safe integer >= min. */
export function isInt(min: number): Check {
  return (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

/** Natural number (>= 0). */
export const isNat: Check = isInt(0);

export function oneOf<T extends string>(values: readonly T[]): Check {
  return (v) => typeof v === 'string' && (values as readonly string[]).includes(v);
}

export function arrayOf(check: Check, maxLength = 10_000): Check {
  return (v) => Array.isArray(v) && v.length <= maxLength && v.every(check);
}

/**
 * A plain object with exactly these fields: required ones present, optional ones absent or valid,
 * and no others (so a peer cannot smuggle e.g. `path` into `openSource`).
 */
export function isObj(fields: Record<string, Check>): Check {
  const names = Object.keys(fields);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    const rec = v as Record<string, unknown>;
    for (const key of Object.keys(rec)) if (!Object.hasOwn(fields, key)) return false;
    for (const name of names) {
      const check = fields[name] as Check | OptionalCheck;
      if (!Object.hasOwn(rec, name) && !(OPTIONAL in check)) return false;
      if (!check(rec[name])) return false;
    }
    return true;
  };
}
