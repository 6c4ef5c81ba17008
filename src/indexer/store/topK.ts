/** Bounded min-heap of the k best (score, key) pairs: O(n log k) over n candidates. */
export class TopK<T> {
  private readonly scores: number[] = [];
  private readonly keys: T[] = [];

  constructor(private readonly k: number) {}

  /** The score a candidate must beat to enter (or -Infinity while not full). */
  get floor(): number {
    return this.scores.length < this.k ? -Infinity : this.scores[0];
  }

  push(score: number, key: T): void {
    if (this.k <= 0 || !(score > this.floor)) return;
    const s = this.scores;
    const keys = this.keys;
    if (s.length < this.k) {
      let i = s.push(score) - 1;
      keys.push(key);
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (s[p] <= s[i]) break;
        [s[p], s[i]] = [s[i], s[p]];
        [keys[p], keys[i]] = [keys[i], keys[p]];
        i = p;
      }
      return;
    }
    s[0] = score;
    keys[0] = key;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < s.length && s[l] < s[m]) m = l;
      if (r < s.length && s[r] < s[m]) m = r;
      if (m === i) break;
      [s[m], s[i]] = [s[i], s[m]];
      [keys[m], keys[i]] = [keys[i], keys[m]];
      i = m;
    }
  }

  /** Best first. */
  sorted(): { key: T; score: number }[] {
    return this.scores.map((score, i) => ({ score, key: this.keys[i] })).sort((a, b) => b.score - a.score);
  }
}
