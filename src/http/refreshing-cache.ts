/**
 * A cache for the look-ups every request makes (its session, a facility system's API key), so that
 * requests do not wait for the database, which an import may keep busy:
 *
 * - one read per key at a time, however many requests ask for it meanwhile;
 * - a value past its time is still given for `staleMs` while one read refreshes it in the background.
 *
 * - while its reads fail (the database is away), a value read before is still given for `graceMs`
 *   past its time, so that users already logged in keep working; a key never read gets the error.
 *
 * Measured: at 14 k checks a second from one session, the expiry of its entry during an import sent
 * hundreds of reads of the same session to the database at once. Every request behind them waited,
 * and the desks' answers took 100–200 ms.
 */
export interface RefreshingCacheOptions {
  /** A value read is given without a read for this long. */
  freshMs: number;
  /** Then, for this long, it is still given while it is read again. */
  staleMs: number;
  /** While reads fail, a value read before is still given this long past its time (default: `staleMs`). */
  graceMs?: number;
  /** Beyond this many keys the cache starts again empty (random wrong keys must not grow it without bound). */
  maxKeys: number;
  now?: () => number;
}

interface Entry<V> {
  /** Whether `value` was read (an entry is made when its first read starts). */
  known: boolean;
  value: V | undefined;
  until: number;
  reading: Promise<V> | null;
  /** Whether the last read failed. */
  failed: boolean;
}

export class RefreshingCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;

  constructor(
    private readonly read: (key: string) => Promise<V>,
    private readonly options: RefreshingCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The value, at once when the cache has it, else once it is read. */
  get(key: string): V | Promise<V> {
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry?.known && now < entry.until) return entry.value as V;
    if (!entry) {
      if (this.entries.size >= this.options.maxKeys) this.entries.clear();
      entry = { known: false, value: undefined, until: 0, reading: null, failed: false };
      this.entries.set(key, entry);
    }
    const reading = (entry.reading ??= this.refresh(key, entry));
    if (entry.known && now < entry.until + this.options.staleMs) return entry.value as V;
    if (entry.known && now < entry.until + this.graceMs()) {
      if (entry.failed) return entry.value as V;
      // The first look past staleMs waits for the read: given back if it succeeds, the old value if it fails.
      const known = entry;
      return reading.catch((error: unknown) => {
        if (this.entries.get(key) === known) return known.value as V;
        throw error;
      });
    }
    return reading;
  }

  /** Drops a key (a session ended): a read under way is not kept. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every key whose value matches (an API key revoked, known by its id). */
  forgetWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (entry.known && matches(entry.value as V)) this.entries.delete(key);
  }

  private graceMs(): number {
    return Math.max(this.options.graceMs ?? 0, this.options.staleMs);
  }

  private refresh(key: string, entry: Entry<V>): Promise<V> {
    const reading = this.read(key).then(
      (value) => {
        entry.reading = null;
        if (this.entries.get(key) === entry) Object.assign(entry, { known: true, value, until: this.now() + this.options.freshMs, failed: false });
        return value;
      },
      (error: unknown) => {
        entry.reading = null;
        entry.failed = true;
        // A value read before stays; a key never read is read again by the next request.
        if (!entry.known && this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    // When only a stale value was given, nobody waits for this read: its failure is not unhandled.
    reading.catch(() => undefined);
    return reading;
  }
}
