/**
 * Login throttling (formats.md, "Changes to the counter's contract"): after `maxFailures` failed logins
 * for one username from one client address within `windowMs`, that pair is refused, even with the
 * right password, until the oldest of those failures is `windowMs` old; a success clears the pair.
 * In memory, per server process: a restart forgets the count, which an attacker cannot cause.
 */
export interface LoginThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  /** Beyond this many pairs, expired ones are dropped, then the oldest (random names must not grow it without bound). */
  maxKeys?: number;
  now?: () => number;
}

export class LoginThrottle {
  /** Per pair, the times of its recent failures, oldest first (at most `maxFailures`). */
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the pair may try again, or 0 when it may now. */
  retryAfterSeconds(username: string, address: string): number {
    const times = this.recent(key(username, address));
    if (times.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((times[0]! + this.windowMs - this.now()) / 1000));
  }

  failed(username: string, address: string): void {
    const k = key(username, address);
    const times = this.recent(k);
    times.push(this.now());
    if (times.length > this.maxFailures) times.shift();
    this.failures.delete(k); // re-inserted last: the map stays in order of the latest failure
    if (this.failures.size >= this.maxKeys) this.makeRoom();
    this.failures.set(k, times);
  }

  succeeded(username: string, address: string): void {
    this.failures.delete(key(username, address));
  }

  /** The pair's failures still inside the window. */
  private recent(k: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(k) ?? []).filter((at) => at > since);
    if (times.length === 0) this.failures.delete(k);
    return times;
  }

  private makeRoom(): void {
    const since = this.now() - this.windowMs;
    for (const [k, times] of this.failures) if (times[times.length - 1]! <= since) this.failures.delete(k);
    // Still full: the pairs that failed longest ago go first.
    for (const k of this.failures.keys()) {
      if (this.failures.size < this.maxKeys) break;
      this.failures.delete(k);
    }
  }
}

/** Usernames are compared as the login compares them (trimmed, lower case). */
function key(username: string, address: string): string {
  return `${username.trim().toLowerCase()}\n${address}`;
}
