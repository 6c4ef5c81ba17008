/** A file's lines with cumulative token weights, so any line range is measured in O(1). */
import { tokenWeight } from './tokens';

const CJK_SENTENCE_END = /[。！？；][」』”’）】]*\s*$/u;

export class LineTable {
  readonly lines: string[];
  /** prefix[i] = weight of lines 1..i, each counted with its newline. */
  private readonly prefix: Float64Array;

  constructor(text: string) {
    this.lines = text.split('\n');
    this.prefix = new Float64Array(this.lines.length + 1);
    for (let i = 0; i < this.lines.length; i++) this.prefix[i + 1] = this.prefix[i] + tokenWeight(this.lines[i]) + 1 / 3;
  }

  get count(): number {
    return this.lines.length;
  }

  /** Estimated tokens of lines start..end (1-based, inclusive); never below estimateTokens(text(start, end)). */
  tokens(start: number, end: number): number {
    return end < start ? 0 : this.prefix[end] - this.prefix[start - 1];
  }

  isBlank(line: number): boolean {
    return this.lines[line - 1].trim() === '';
  }

  /** The line ends with a full-width sentence stop, closing quotes or brackets allowed after it. */
  endsCjkSentence(line: number): boolean {
    return CJK_SENTENCE_END.test(this.lines[line - 1]);
  }

  indent(line: number): number {
    const l = this.lines[line - 1];
    return l.length - l.trimStart().length;
  }

  text(start: number, end: number): string {
    return this.lines.slice(start - 1, end).join('\n');
  }

  /** The range without its leading and trailing blank lines, or undefined when it is all blank. */
  trim(start: number, end: number): [number, number] | undefined {
    while (start <= end && this.isBlank(start)) start++;
    while (end >= start && this.isBlank(end)) end--;
    return start <= end ? [start, end] : undefined;
  }
}
