/** The worker side of run-worker.ts: a module run in a worker reads its input here. */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import type { SpareInput, WorkerStart } from './run-worker.ts';

/** Given at the worker's start, or, to a spare started ahead, by the first message. */
export async function workerInput<T>(): Promise<T> {
  const start = workerData as WorkerStart;
  if (!start.spare) return start.input as T;
  const input = once(parentPort!, 'message') as Promise<[SpareInput]>;
  start.spare.postMessage('ready');
  start.spare.close();
  const [message] = await input;
  return message.input as T;
}
