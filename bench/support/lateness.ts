/**
 * How late this thread's event loop runs, worst per window of wall-clock time: a timer every few
 * milliseconds notes how long after its due time it fired. A bench puts it beside its latency windows
 * to tell a stalled server from a stalled load generator.
 */
export class Lateness {
  private readonly worst = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly everyMs = 2,
  ) {}

  start(): void {
    this.worst.clear();
    let due = performance.now() + this.everyMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      const window = Math.floor((performance.timeOrigin + now) / this.windowMs) * this.windowMs;
      this.worst.set(window, Math.max(this.worst.get(window) ?? 0, now - due));
      due = now + this.everyMs;
    }, this.everyMs);
  }

  stop(): void {
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
}
