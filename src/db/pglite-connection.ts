/**
 * The main thread's end of the worker thread that runs PGlite (pglite-worker.ts): each call posts a
 * request and settles with the worker's answer to it. Nothing here blocks: the statements run on the
 * worker's thread, so the event loop stays free for HTTP requests while an import runs.
 *
 * A worker that dies (a crash in PGlite, out of memory) fails the calls in progress and its open
 * transactions with a clear error; the next call starts a new worker, which opens the data directory
 * again (PostgreSQL's recovery drops what was not committed). The data-directory lock stays with the process.
 */
import { Worker } from 'node:worker_threads';
import { deserializeError, type PgliteRequest, type PgliteResponse } from './pglite-protocol.ts';

/** A request as the caller writes it; the connection adds the id. */
export type PgliteCall = WithoutId<PgliteRequest>;
type WithoutId<R> = R extends unknown ? Omit<R, 'id'> : never; // per member of the union

export class PgliteWorkerConnection {
  readonly #script: URL;
  #worker: Worker | null = null;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 1;
  /** Set once closed: no request is sent any more. */
  #closed: Error | null = null;
  /** The data directory opened, which a new worker opens again. */
  #dataDir: string | null = null;
  /** A new worker opening the data directory: requests wait for it. */
  #starting: Promise<void> | null = null;
  /** Transactions begun on the current worker (by the id of their `begin`). */
  readonly #transactions = new Set<number>();

  /** `script` is the worker's module; only a test of a dying worker names another. */
  constructor(script: URL = new URL('./pglite-worker-entry.mjs', import.meta.url)) {
    this.#script = script;
    this.#spawn();
  }

  /** Whether a worker is running (a dead one is replaced at the next call). */
  get running(): boolean {
    return this.#worker !== null && this.#closed === null;
  }

  /** Posts `request`; `transfer` lists memory moved to the worker rather than copied. */
  call<T>(request: PgliteCall, transfer: Transferable[] = []): Promise<T> {
    if (this.#closed) return Promise.reject(new Error(this.#closed.message));
    const tx = 'tx' in request ? request.tx : undefined;
    if (tx !== undefined && !this.#transactions.has(tx)) {
      return Promise.reject(new Error('The transaction has already ended, or was rolled back when the embedded database worker stopped'));
    }
    if (!this.#worker) this.#restart();
    const sent = this.#starting ? this.#starting.then(() => this.#post<T>(request, transfer)) : this.#post<T>(request, transfer);
    switch (request.op) {
      case 'open':
        return sent.then((value) => {
          this.#dataDir = request.dataDir;
          return value;
        });
      case 'begin':
        return sent.then((id) => {
          this.#transactions.add(id as number);
          return id;
        });
      case 'end':
        return sent.finally(() => this.#transactions.delete(request.tx));
      default:
        return sent;
    }
  }

  /** Closes PGlite in the worker (it writes its state to disk), then ends the worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const worker = this.#worker;
    try {
      if (worker) await this.#post({ op: 'close' });
    } finally {
      this.#closed = new Error('The embedded database is closed');
      this.#failPending(this.#closed);
      await worker?.terminate();
    }
  }

  #spawn(): Worker {
    // The entry registers tsx itself; the parent's options (e.g. `--import tsx`) are not passed on.
    const worker = new Worker(this.#script, { execArgv: [] });
    // Only outstanding requests keep the process alive, as PGlite on the main thread did.
    worker.unref();
    let crash: Error | undefined;
    worker.on('error', (error) => (crash = error));
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#starting = null;
      this.#transactions.clear();
      this.#failPending(
        new Error(
          `The embedded database worker stopped unexpectedly (exit code ${code}${crash ? `: ${crash.message}` : ''}); ` +
            'the statements in progress did not complete and an open transaction was rolled back. The next statement starts it again',
        ),
      );
    });
    worker.on('message', (response: PgliteResponse) => {
      if (this.#worker === worker) this.#settle(response);
    });
    this.#worker = worker;
    return worker;
  }

  /** A new worker, which opens the data directory again before any other request. */
  #restart(): void {
    const worker = this.#spawn();
    if (this.#dataDir === null) return;
    const starting = this.#post({ op: 'open', dataDir: this.#dataDir }).then(
      () => {
        if (this.#starting === starting) this.#starting = null;
      },
      async (error: Error) => {
        // This worker is no use: the next call tries a new one.
        if (this.#worker === worker) this.#worker = null;
        this.#starting = null;
        await worker.terminate();
        throw error;
      },
    );
    this.#starting = starting;
  }

  #post<T>(request: PgliteCall, transfer: Transferable[] = []): Promise<T> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new Error('The embedded database worker stopped'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        worker.postMessage({ ...request, id }, transfer as never);
      } catch (error) {
        // e.g. a parameter that cannot be cloned to the worker
        this.#forget(id);
        reject(error as Error);
      }
    });
  }

  #settle(response: PgliteResponse): void {
    const pending = this.#forget(response.id);
    if (!pending) return;
    if (response.ok) pending.resolve(response.value);
    else pending.reject(deserializeError(response.error));
  }

  #forget(id: number) {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
    return pending;
  }

  #failPending(reason: Error): void {
    for (const pending of this.#pending.values()) pending.reject(new Error(reason.message));
    this.#pending.clear();
    this.#worker?.unref();
  }
}
