/**
 * Solves a funding plan's integer programme in a worker thread started for this plan (run-worker.ts),
 * so a long solve never delays an HTTP answer. Pass it as the `solve` of `optimise`.
 */
import { once } from 'node:events';
import type { Counts, SolveModel } from '../../domain/funding/optimise.ts';
import { startWorker } from '../../workers/run-worker.ts';

const MODULE = new URL('./solve-worker.ts', import.meta.url);

export async function solveInWorker(model: SolveModel): Promise<Counts> {
  const worker = startWorker(MODULE, model);
  try {
    const [message] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error))])) as [
      { counts: Counts } | { error: string },
    ];
    if ('error' in message) throw new Error(message.error);
    return message.counts;
  } finally {
    await worker.terminate();
  }
}
