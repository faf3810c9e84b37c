/**
 * Runs a module of the app on a worker thread, so that long CPU work (an import's rows, the mirror's
 * columns) never delays an HTTP answer on the main thread (each worker lowers its own priority:
 * thread-priority.ts). The worker loads the module's precompiled
 * bundle (compiled-worker.ts) and reads its input from `workerData`.
 */
import { Worker } from 'node:worker_threads';
import { compiledWorker } from './compiled-worker.ts';

export interface WorkerOptions {
  /** Memory moved to the worker with `input` rather than copied. */
  transfer?: Transferable[];
  /** A smaller young generation for a worker whose garbage is short-lived and small (all of it is resident). */
  youngGenerationMb?: number;
}

/** Starts `module` (a file URL of a TypeScript module listed in WORKER_MODULES) with `input`. */
export function startWorker(module: URL, input: unknown, options: WorkerOptions = {}): Worker {
  return new Worker(compiledWorker(module), {
    workerData: input,
    execArgv: [],
    transferList: (options.transfer ?? []) as never,
    ...(options.youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } } : {}),
  });
}
