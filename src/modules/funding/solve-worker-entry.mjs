// Entry of the plan's solve worker (solve-in-worker.ts). Like src/workers/worker-entry.mjs it registers
// tsx itself (Node 20 registers it only on the main thread), but it keeps the normal priority: the
// office is waiting for the plan, so it must not step aside for background work (SCHED_IDLE).
import { register } from 'tsx/esm/api';

register();
await import('./solve-worker.ts');
