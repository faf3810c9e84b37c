/** The worker side of solve-in-worker.ts: the model in (workerData), the checked counts (or the error) out. */
import { parentPort, workerData } from 'node:worker_threads';
import type { SolveModel } from '../../domain/funding/optimise.ts';
import { solveWithHighs } from './highs-solver.ts';

try {
  parentPort!.postMessage({ counts: await solveWithHighs(workerData as SolveModel) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message });
}
