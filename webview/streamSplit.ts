/**
 * Where a streaming Markdown answer can be cut so the part before the cut never changes again.
 * The view renders that stable prefix once and re-parses only the tail on each frame, so the cost
 * of a delta does not grow with the answer. Pure so it is unit-tested.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The largest offset after `from` that starts a top-level block following a blank line outside any
 * code fence, whose first character is not indentation (which could continue a list item or be an
 * indented code block). Returns `from` when there is none yet.
 */
export function stableBoundary(src: string, from = 0): number {
  let fence: string | undefined;
  let boundary = from;
  let prevBlank = false;
  let pos = 0;
  while (pos < src.length) {
    const nl = src.indexOf('\n', pos);
    // The last line may still be growing; a boundary can be at its start but it is not examined.
    if (nl === -1) {
      if (!fence && prevBlank && pos > from && /^\S/.test(src.slice(pos))) boundary = pos;
      break;
    }
    const line = src.slice(pos, nl);
    const marker = FENCE.exec(line)?.[1];
    if (!fence && prevBlank && pos > from && /^\S/.test(line)) boundary = pos;
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    } else if (marker) {
      fence = marker;
    }
    prevBlank = !fence && line.trim() === '';
    pos = nl + 1;
  }
  return boundary;
}
