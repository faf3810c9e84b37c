/**
 * The main thread's end of the worker thread that runs PGlite (pglite-worker.ts): each call posts a
 * request and settles with the worker's answer to it. Nothing here blocks: the statements run on the
 * worker's thread, so the event loop stays free for HTTP requests while an import runs.
 */
import { Worker } from 'node:worker_threads';
import { deserializeError, type PgliteRequest, type PgliteResponse } from './pglite-protocol.ts';

/** A request as the caller writes it; the connection adds the id. */
export type PgliteCall = WithoutId<PgliteRequest>;
type WithoutId<R> = R extends unknown ? Omit<R, 'id'> : never; // per member of the union

export class PgliteWorkerConnection {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 1;
  /** Set once no request can be sent any more: the connection was closed, or the worker died. */
  #stopped: Error | null = null;

  /** `script` is the worker's module; only a test of a dying worker names another. */
  constructor(script: URL = new URL('./pglite-worker-entry.mjs', import.meta.url)) {
    // The entry registers tsx itself; the parent's options (e.g. `--import tsx`) are not passed on.
    this.#worker = new Worker(script, { execArgv: [] });
    // Only outstanding requests keep the process alive, as PGlite on the main thread did.
    this.#worker.unref();
    let crash: Error | undefined;
    this.#worker.on('error', (error) => (crash = error));
    this.#worker.on('exit', (code) =>
      this.#stop(
        new Error(
          `The embedded database worker stopped unexpectedly (exit code ${code}${crash ? `: ${crash.message}` : ''}); ` +
            'the statements in progress did not complete',
        ),
      ),
    );
    this.#worker.on('message', (response: PgliteResponse) => this.#settle(response));
  }

  /** Posts `request`; `transfer` lists memory moved to the worker rather than copied. */
  call<T>(request: PgliteCall, transfer: Transferable[] = []): Promise<T> {
    if (this.#stopped) return Promise.reject(new Error(this.#stopped.message));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.#worker.postMessage({ ...request, id }, transfer as never);
      } catch (error) {
        // e.g. a parameter that cannot be cloned to the worker
        this.#forget(id);
        reject(error as Error);
      }
    });
  }

  /** Closes PGlite in the worker (it writes its state to disk), then ends the worker. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.call({ op: 'close' });
    } finally {
      this.#stop(new Error('The embedded database is closed'));
      await this.#worker.terminate();
    }
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
    if (this.#pending.size === 0) this.#worker.unref();
    return pending;
  }

  #stop(reason: Error): void {
    if (this.#stopped) return;
    this.#stopped = reason;
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
    this.#worker.unref();
  }
}
