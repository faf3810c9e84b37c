/** The worker side of solve-in-worker.ts: the model in (its first message), the checked counts (or the error) out. */
import { once } from 'node:events';
import { parentPort } from 'node:worker_threads';
import type { SolveModel } from '../../domain/funding/optimise.ts';
import { highsRunner, solveWithHighs } from './highs-solver.ts';

const port = parentPort!;
// Loaded while the main thread still groups the candidates.
const ready = highsRunner();
const [model] = (await once(port, 'message')) as [SolveModel];
try {
  await ready;
  port.postMessage({ counts: await solveWithHighs(model) });
} catch (error) {
  port.postMessage({ error: (error as Error).message });
}
