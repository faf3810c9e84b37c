/**
 * A small circuit breaker for one remote service: after `failureThreshold` consecutive failures
 * (errors or timeouts) it opens and calls are refused at once, so the counter answers from the mirror
 * instead of waiting on a dead service. After `coolDownMs` it is half-open: one trial call goes out; its
 * success closes the breaker, its failure opens it for another cool-down.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
  /** Milliseconds clock; injectable so tests need not wait. */
  now?: () => number;
}

export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #coolDownMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openedAt: number | null = null;
  #trialInFlight = false;

  constructor(options: BreakerOptions) {
    this.#failureThreshold = options.failureThreshold;
    this.#coolDownMs = options.coolDownMs;
    this.#now = options.now ?? Date.now;
  }

  state(): BreakerState {
    if (this.#openedAt === null) return 'closed';
    return this.#now() - this.#openedAt >= this.#coolDownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now. Every call let through must report back with one of the record methods. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#trialInFlight = false;
  }

  recordFailure(): void {
    this.#trialInFlight = false;
    this.#failures += 1;
    if (this.#openedAt !== null || this.#failures >= this.#failureThreshold) this.#openedAt = this.#now();
  }
}
