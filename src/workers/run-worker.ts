/**
 * Runs a module of the app in a background worker thread (worker-entry.mjs: tsx, lowest CPU priority),
 * so long CPU work such as checking an import's rows never delays an HTTP answer on the main thread.
 */
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export interface WorkerOptions {
  /** Memory moved to the worker with `input` rather than copied. */
  transfer?: Transferable[];
  /**
   * A smaller young generation for a worker whose garbage is short-lived and small (V8's default lets it
   * grow to tens of MB before collecting, all of it resident).
   */
  youngGenerationMb?: number;
}

/** Starts `module` (a file URL) with `input` as its workerData.input. */
export function startWorker(module: URL, input: unknown, options: WorkerOptions = {}): Worker {
  // The entry registers tsx itself; the parent's options (e.g. `--import tsx`) are not passed on.
  return new Worker(ENTRY, {
    workerData: { module: module.href, input },
    execArgv: [],
    transferList: (options.transfer ?? []) as never,
    ...(options.youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } } : {}),
  });
}
