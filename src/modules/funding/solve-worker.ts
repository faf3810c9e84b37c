/** The worker side of solve-in-worker.ts: the model in, the checked counts (or the error) out. */
import { parentPort } from 'node:worker_threads';
import type { SolveModel } from '../../domain/funding/optimise.ts';
import { workerInput } from '../../workers/worker-input.ts';
import { solveWithHighs } from './highs-solver.ts';

const model = await workerInput<SolveModel>();
try {
  parentPort!.postMessage({ counts: await solveWithHighs(model) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message });
}
