/**
 * Splits a reasoning model's streamed output into thinking and answer.
 *
 * Models such as deepseek-r1 emit `<think>...</think>` before the answer, and the tags can arrive
 * split across stream chunks at any position. Only text that could still become a tag is held
 * back, so a `<` in ordinary answer text is never swallowed. Newer Ollama versions send reasoning
 * in a separate `thinking` field instead; `push` accepts that too and routes it straight through.
 *
 * A `<think>` tag opens a reasoning block only before the answer has started (leading whitespace
 * aside): once the model is answering, a literal `<think>` is content (e.g. an answer that explains
 * the tag) and is passed through untouched.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitOutput {
  answer: string;
  thinking: string;
}

type Mode =
  | 'start' // before any answer text: leading whitespace dropped, `<think>` may open a block
  | 'thinkStart' // just after `<think>`: leading whitespace of the reasoning dropped
  | 'thinking'
  | 'answer';

export class ThinkSplitter {
  private mode: Mode = 'start';
  /** Unconsumed input: a possible partial tag, or trailing whitespace of the reasoning. */
  private buf = '';

  /**
   * Feed one stream chunk. `thinkingField` is Ollama's separate `message.thinking` delta, if any.
   * Returns what can be shown now; the rest waits for the next chunk or `end()`.
   */
  push(delta: string, thinkingField = ''): SplitOutput {
    const out: SplitOutput = { answer: '', thinking: thinkingField };
    this.buf += delta;
    this.drain(out);
    return out;
  }

  /** Flush at end of stream. An unclosed `<think>` block is reasoning, not answer. */
  end(): SplitOutput {
    const out: SplitOutput = { answer: '', thinking: '' };
    const rest = this.buf;
    this.buf = '';
    if (this.mode === 'thinking' || this.mode === 'thinkStart') {
      out.thinking = rest.trimEnd();
    } else if (this.mode === 'start') {
      // A dangling `<th` that never became a tag is answer text.
      out.answer = rest;
      if (rest !== '') this.mode = 'answer';
    } else {
      out.answer = rest;
    }
    return out;
  }

  private drain(out: SplitOutput): void {
    for (;;) {
      switch (this.mode) {
        case 'answer':
          out.answer += this.buf;
          this.buf = '';
          return;
        case 'start': {
          this.buf = this.buf.trimStart();
          if (this.buf === '') return;
          if (this.buf.startsWith(OPEN)) {
            this.buf = this.buf.slice(OPEN.length);
            this.mode = 'thinkStart';
            continue;
          }
          if (OPEN.startsWith(this.buf)) return; // could still become `<think>`
          this.mode = 'answer';
          continue;
        }
        case 'thinkStart':
          this.buf = this.buf.trimStart();
          if (this.buf === '') return;
          this.mode = 'thinking';
          continue;
        case 'thinking': {
          const close = this.buf.indexOf(CLOSE);
          if (close >= 0) {
            out.thinking += this.buf.slice(0, close).trimEnd();
            this.buf = this.buf.slice(close + CLOSE.length);
            // Back to 'start': drops the whitespace models put after `</think>` and allows a
            // second reasoning block before the answer.
            this.mode = 'start';
            continue;
          }
          // Hold back a possible partial `</think>` and trailing whitespace (which is dropped if
          // the block closes right after it).
          const safe = this.buf.slice(0, this.buf.length - partialSuffix(this.buf, CLOSE)).trimEnd();
          out.thinking += safe;
          this.buf = this.buf.slice(safe.length);
          return;
        }
      }
    }
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let len = Math.min(tag.length - 1, text.length); len > 0; len--) {
    if (text.endsWith(tag.slice(0, len))) return len;
  }
  return 0;
}

/** Remove reasoning from a complete (non-streamed) reply. */
export function stripThinking(text: string): string {
  const splitter = new ThinkSplitter();
  const a = splitter.push(text);
  const b = splitter.end();
  return a.answer + b.answer;
}
