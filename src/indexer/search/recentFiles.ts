/**
 * The files the user edited most recently, newest first: retrieval ranks their chunks a little
 * higher (BOOST.recentFile), since a question asked while working is usually about that work.
 * Pure (no editor types): src/vscode/recentEdits.ts feeds it from document changes.
 */
export class RecentFiles {
  private readonly order: string[] = [];

  constructor(private readonly max = 10) {}

  /** Record an edit of `path` (absolute); it becomes the newest. */
  touch(path: string): void {
    const at = this.order.indexOf(path);
    if (at === 0) return;
    if (at > 0) this.order.splice(at, 1);
    this.order.unshift(path);
    if (this.order.length > this.max) this.order.length = this.max;
  }

  /** Forget a file (deleted or renamed away). */
  forget(path: string): void {
    const at = this.order.indexOf(path);
    if (at >= 0) this.order.splice(at, 1);
  }

  /** Newest first. */
  list(): string[] {
    return [...this.order];
  }
}
