/**
 * Rate and time left of an indexing pass from successive (time, files done) samples, shared by the
 * status bar, the chat panel and `lore index`. Pure; no timers. The rate is taken over a sliding
 * window so a burst of files answered from the embedding cache does not promise a wrong ETA for long.
 */

export interface ProgressSample {
  at: number;
  done: number;
  total: number;
}

export interface ProgressEstimate {
  done: number;
  total: number;
  /** 0-100, whole numbers; undefined when the total is unknown (0). */
  percent?: number;
  /** Files per second over the window; undefined until two samples apart in time exist. */
  rate?: number;
  /** Seconds left at that rate. */
  etaSeconds?: number;
}

const WINDOW_MS = 30_000;

export class ProgressRate {
  private samples: ProgressSample[] = [];

  /** Adds a sample; a smaller `done` or a new `total` starts a new pass. */
  add(s: ProgressSample): ProgressEstimate {
    const last = this.samples.at(-1);
    if (last && (s.done < last.done || s.total !== last.total)) this.samples = [];
    this.samples.push(s);
    while (this.samples.length > 2 && s.at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
    return this.estimate();
  }

  reset(): void {
    this.samples = [];
  }

  estimate(): ProgressEstimate {
    const last = this.samples.at(-1);
    if (!last) return { done: 0, total: 0 };
    const out: ProgressEstimate = { done: last.done, total: last.total };
    if (last.total > 0) out.percent = Math.min(100, Math.floor((last.done / last.total) * 100));
    const first = this.samples[0]!;
    const seconds = (last.at - first.at) / 1000;
    if (seconds >= 1 && last.done > first.done) {
      out.rate = (last.done - first.done) / seconds;
      if (last.total >= last.done) out.etaSeconds = Math.round((last.total - last.done) / out.rate);
    }
    return out;
  }
}

/** `42 s`, `3 min`, `1 h 5 min`. */
function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** `120/900 files (13%), 4.2 files/s, about 3 min left` (the parts known so far). */
export function formatProgress(e: ProgressEstimate): string {
  let text = `${e.done}/${e.total} files`;
  if (e.percent !== undefined) text += ` (${e.percent}%)`;
  if (e.rate !== undefined) text += `, ${e.rate >= 10 ? Math.round(e.rate) : e.rate.toFixed(1)} files/s`;
  if (e.etaSeconds !== undefined && e.done < e.total) text += `, about ${formatDuration(e.etaSeconds)} left`;
  return text;
}
