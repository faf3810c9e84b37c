/**
 * Background steps (an import's COPY chunks, the mirror's tables) give way to the main thread, which
 * answers the counter check: before each step they wait while this process's event loop has been
 * running late, that is while the main thread is short of CPU. A step never waits longer than
 * MAX_WAIT_MS, so an import on a machine busy for other reasons still ends. One instance per process,
 * built by the composition root and given to what runs background steps.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const TICK_MS = 10;
/** A tick this much late means the main thread is waiting for a core (or busy answering). */
const LATE_MS = 5;
/** Background work resumes after this long without a late tick. */
const CALM_MS = 100;
const MAX_WAIT_MS = 1_000;

export type GiveWay = () => Promise<void>;

export class EventLoopLateness {
  private lastLateAt = Number.NEGATIVE_INFINITY;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    let due = performance.now() + TICK_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      if (now - due > LATE_MS) this.lastLateAt = now;
      due = now + TICK_MS;
    }, TICK_MS).unref();
  }

  /** Resolves once the event loop has run on time for CALM_MS (or after MAX_WAIT_MS). */
  readonly giveWay: GiveWay = async () => {
    const start = performance.now();
    while (performance.now() - this.lastLateAt < CALM_MS && performance.now() - start < MAX_WAIT_MS) await sleep(2 * TICK_MS);
  };

  close(): void {
    clearInterval(this.timer);
  }
}
