/**
 * Solves a funding plan's integer programme in a worker thread started for this plan, so a long solve
 * never blocks the HTTP server. The worker keeps the normal priority (solve-worker-entry.mjs): unlike an
 * import's background work, the office waits for it.
 *
 * Start it before grouping the candidates (`startSolveWorker`) so that its start-up (tsx, HiGHS) runs
 * while the main thread groups; pass its `solve` to `optimise`.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Counts, SolveModel } from '../../domain/funding/optimise.ts';

const ENTRY = new URL('./solve-worker-entry.mjs', import.meta.url);

export interface SolveWorker {
  /** Posts the model and waits for the counts; the worker ends after one solve. */
  solve(model: SolveModel): Promise<Counts>;
  /** Ends the worker (after `solve`, or when the plan is abandoned). */
  stop(): Promise<void>;
}

export function startSolveWorker(): SolveWorker {
  const worker = new Worker(ENTRY, { execArgv: [] });
  const failed = once(worker, 'error').then(([error]) => Promise.reject(error as Error));
  const exited = once(worker, 'exit').then(([code]) => Promise.reject(new Error(`the plan's solver stopped (exit ${code})`)));
  // Neither may be left unhandled if the worker fails before `solve` is called.
  failed.catch(() => undefined);
  exited.catch(() => undefined);
  return {
    async solve(model) {
      try {
        worker.postMessage(model);
        const [message] = (await Promise.race([once(worker, 'message'), failed, exited])) as [{ counts: Counts } | { error: string }];
        if ('error' in message) throw new Error(message.error);
        return message.counts;
      } finally {
        await worker.terminate();
      }
    },
    stop: () => worker.terminate().then(() => undefined),
  };
}

/** Starts a worker and solves the model in it. */
export function solveInWorker(model: SolveModel): Promise<Counts> {
  return startSolveWorker().solve(model);
}
