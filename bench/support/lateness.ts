import { PerformanceObserver } from 'node:perf_hooks';

/**
 * How late this thread's event loop runs, worst per window of wall-clock time: a timer every few
 * milliseconds notes how long after its due time it fired. A bench puts it beside its latency windows
 * to tell a stalled server from a stalled load generator. Beside it, the thread's garbage-collection
 * pauses in each window, to tell a stall of its own work from one of the scheduler.
 */
export class Lateness {
  private readonly worst = new Map<number, number>();
  private readonly gc = new Map<number, { total: number; longest: number }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const window = this.windowOf(entry.startTime);
      const seen = this.gc.get(window) ?? { total: 0, longest: 0 };
      this.gc.set(window, { total: seen.total + entry.duration, longest: Math.max(seen.longest, entry.duration) });
    }
  });

  constructor(
    private readonly windowMs: number,
    private readonly everyMs = 2,
  ) {}

  start(): void {
    this.worst.clear();
    this.gc.clear();
    this.gcObserver.observe({ entryTypes: ['gc'] });
    let due = performance.now() + this.everyMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      const window = this.windowOf(now);
      this.worst.set(window, Math.max(this.worst.get(window) ?? 0, now - due));
      due = now + this.everyMs;
    }, this.everyMs);
  }

  private windowOf(now: number): number {
    return Math.floor((performance.timeOrigin + now) / this.windowMs) * this.windowMs;
  }

  stop(): void {
    this.gcObserver.disconnect();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The worst lateness of all windows, ms. */
  max(): number {
    return Math.max(0, ...this.worst.values());
  }

  /** The worst lateness in the window starting at `at` (ms since the epoch), ms. */
  at(at: number): number {
    return this.worst.get(at) ?? 0;
  }

  /** The garbage-collection pauses in the window starting at `at`: their sum and the longest, ms. */
  gcAt(at: number): { total: number; longest: number } {
    return this.gc.get(at) ?? { total: 0, longest: 0 };
  }
}
