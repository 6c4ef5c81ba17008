/** A replacement of whole lines: lines start..end (1-based, inclusive) become `lines` (maybe none). */
export interface LineEdit {
  start: number;
  end: number;
  lines: string[];
}

export interface Edited {
  text: string;
  /** old line (1-based) -> new line (1-based); 0 when the line was removed or replaced. */
  map: Int32Array;
}

/** Apply non-overlapping edits (overlapping ones after the first are dropped) and map old lines to new. */
export function applyEdits(text: string, edits: readonly LineEdit[]): Edited {
  const old = text.split('\n');
  const map = new Int32Array(old.length + 2);
  const out: string[] = [];
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let next = 1;
  for (const e of sorted) {
    if (e.start < next) continue;
    for (; next < e.start; next++) {
      out.push(old[next - 1]);
      map[next] = out.length;
    }
    out.push(...e.lines);
    next = e.end + 1;
  }
  for (; next <= old.length; next++) {
    out.push(old[next - 1]);
    map[next] = out.length;
  }
  return { text: out.join('\n'), map };
}

/** The new range of an old range: from its first surviving line to its last; undefined when none survive. */
export function mapRange(map: Int32Array, start: number, end: number): { startLine: number; endLine: number } | undefined {
  let s = start;
  while (s <= end && map[s] === 0) s++;
  let e = end;
  while (e >= s && map[e] === 0) e--;
  if (s > end || e < s) return undefined;
  return { startLine: map[s], endLine: map[e] };
}
