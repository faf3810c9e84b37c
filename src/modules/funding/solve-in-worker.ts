/**
 * Solves a funding plan's integer programme in a worker thread started for this plan, so a long solve
 * never blocks the HTTP server. Pass it as the `solve` of `optimise`. The worker keeps the normal
 * priority (solve-worker-entry.mjs): unlike an import's background work, the office waits for it.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Counts, SolveModel } from '../../domain/funding/optimise.ts';

const ENTRY = new URL('./solve-worker-entry.mjs', import.meta.url);

export async function solveInWorker(model: SolveModel): Promise<Counts> {
  const worker = new Worker(ENTRY, { workerData: model, execArgv: [] });
  try {
    const failed = once(worker, 'error').then(([error]) => Promise.reject(error as Error));
    const exited = once(worker, 'exit').then(([code]) => Promise.reject(new Error(`the plan's solver stopped (exit ${code})`)));
    const [message] = (await Promise.race([once(worker, 'message'), failed, exited])) as [{ counts: Counts } | { error: string }];
    if ('error' in message) throw new Error(message.error);
    return message.counts;
  } finally {
    await worker.terminate();
  }
}
