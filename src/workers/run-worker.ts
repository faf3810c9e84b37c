/**
 * Runs a module of the app in a background worker thread (worker-entry.mjs: tsx, lowest CPU priority),
 * so long CPU work such as checking an import's rows never delays an HTTP answer on the main thread.
 */
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** Starts `module` (a file URL) with `input` as its workerData.input. */
export function startWorker(module: URL, input: unknown, transferList: Transferable[] = []): Worker {
  // The entry registers tsx itself; the parent's options (e.g. `--import tsx`) are not passed on.
  return new Worker(ENTRY, { workerData: { module: module.href, input }, execArgv: [], transferList: transferList as never });
}
