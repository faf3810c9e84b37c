// Entry of the app's background worker threads (row loading, mirror building). tsx registers its
// loader only on the main thread on Node 20, so the worker registers it itself, steps aside for the
// main thread (see below), then loads the TypeScript module named in workerData.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// Background work yields the CPU to the thread that answers HTTP (the counter check) whenever both
// want it. On Linux a thread's id is a pid for setpriority; elsewhere the worker keeps the default.
try {
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (threadId > 0) setPriority(threadId, 19);
} catch {
  // no /proc (not Linux): the same priority as the main thread
}

register();
await import(workerData.module);
