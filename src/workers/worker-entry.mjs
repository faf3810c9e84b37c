// Entry of the app's background worker threads (row loading, mirror building). tsx registers its
// loader only on the main thread on Node 20, so the worker registers it itself, steps aside for the
// main thread at the lowest priority (SCHED_IDLE where granted: idle-policy.ts), then loads the
// TypeScript module named in workerData. The module reads its input with workerInput()
// (worker-input.ts): a spare gets it later, by message.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
import { lowerThreadPriority } from './thread-priority.mjs';

lowerThreadPriority(19, { idle: true });
register();
await import(workerData.module);
