/**
 * Frames of a pasted stack trace, one line at a time: the file, line and function each frame names.
 * A trace is the strongest evidence a bug report carries about where the code is: the frames that
 * run through the workspace are the code path that failed, and the innermost of them is where it
 * failed. Formats: Python (`File "x.py", line 3, in f`), IPython/Jupyter (`File x.py:3, in f(a)`
 * and `x.py in f(a)`), pytest (`x.py:3: in f`), JavaScript (`at f (x.js:3:5)`) and Java
 * (`at a.b.C.m(C.java:33)`).
 *
 * A frame in an installed copy of a package (`.../site-packages/pkg/mod.py`, `node_modules/pkg/x.js`)
 * is kept with its package-relative path (`pkg/mod.py`): users report bugs against the released
 * package, and the workspace searched may be that package's own source tree. A frame of the runtime
 * or the standard library (`<frozen ...>`, `node:internal`, `/usr/lib/python3.9/json/x.py`) is not
 * in any workspace: `runtime` says to drop it.
 */

export interface StackFrame {
  /** POSIX path as written, or package-relative for an installed package. */
  path: string;
  line?: number;
  /** The function or method the frame runs, without its class (`Plot._plot` -> `_plot`). */
  func?: string;
  /** The runtime, the standard library or an interpreter prompt: never a workspace file. */
  runtime: boolean;
  /** Which way its trace runs: Python prints the innermost frame last, JavaScript and Java first. */
  innermostLast: boolean;
}

/** Installed-package roots; the path after the last one is the package's own layout. */
const INSTALLED = /^.*\/(?:site-packages|dist-packages|node_modules)\//;
/** Frames that are never workspace files. */
const RUNTIME = /^<|^node:|^internal\/|\/lib\/python\d[\d.]*\/(?!.*(?:site|dist)-packages\/)|^\/usr\/lib\/(?!.*(?:site|dist)-packages\/)|^\/usr\/local\/go\/|\/go\/src\/runtime\//;

const PY_QUOTED = /^\s*File "([^"\n]+)", line (\d+)(?:, in ([^\s(]+))?/;
const IPY_NEW = /^\s*File (\S+\.py):(\d+)(?:, in ([\w.<>]+))?/;
const IPY_OLD = /^\s*(\S+\.pyx?) in ([\w.<>]+)\(/;
const PYTEST = /^\s*(\S+\.py):(\d+): in ([\w.<>]+)\s*$/;
const JS_AT = /^\s*at (?:async )?(?:(\S+?) )?\(?((?:file:\/\/)?[^\s()]+\.[cm]?[jt]sx?):(\d+)(?::\d+)?\)?\s*$/;
const JAVA_AT = /^\s*at ((?:[\w$]+\.)+)([\w$<>]+)\(([\w$]+\.(?:java|kt|scala|groovy)):(\d+)\)/;

function normalize(raw: string): { path: string; runtime: boolean } {
  let path = raw.replace(/^file:\/\//, '').replace(/\\/g, '/');
  const runtime = RUNTIME.test(path);
  path = path.replace(INSTALLED, '').replace(/^\.\//, '');
  return { path, runtime };
}

/** `Plot._plot` -> `_plot`; generated names (`<module>`, `<listcomp>`, `<lambda>`) -> undefined. */
function funcName(raw: string | undefined): string | undefined {
  if (!raw || raw.includes('<')) return undefined;
  const last = raw.slice(raw.lastIndexOf('.') + 1);
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(last) ? last : undefined;
}

function frame(rawPath: string, line: string | undefined, func: string | undefined, innermostLast: boolean): StackFrame {
  const { path, runtime } = normalize(rawPath);
  const f: StackFrame = { path, runtime, innermostLast };
  if (line !== undefined) f.line = Number(line);
  const name = funcName(func);
  if (name !== undefined) f.func = name;
  return f;
}

/** The frame a line of a trace names, or undefined when the line is not a frame. */
export function parseFrameLine(line: string): StackFrame | undefined {
  let m = PY_QUOTED.exec(line);
  if (m) return frame(m[1], m[2], m[3], true);
  if ((m = IPY_NEW.exec(line))) return frame(m[1], m[2], m[3], true);
  if ((m = PYTEST.exec(line))) return frame(m[1], m[2], m[3], true);
  if ((m = IPY_OLD.exec(line))) return frame(m[1], undefined, m[2], true);
  if ((m = JAVA_AT.exec(line))) {
    const f = frame(m[3], m[4], m[2], false);
    // The JDK's and the language runtimes' own classes.
    if (/^(?:java|javax|jdk|sun|kotlin|scala)\./.test(m[1])) f.runtime = true;
    return f;
  }
  if ((m = JS_AT.exec(line))) return frame(m[2], m[3], m[1], false);
  return undefined;
}
