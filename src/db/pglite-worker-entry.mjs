// Entry of the embedded database's worker thread (see pglite-connection.ts). tsx registers its loader
// only on the main thread on Node 20, whether by `--import tsx` or by `register()` as in
// bin/smart-jkn.mjs, so the worker registers it itself before loading its TypeScript.
import { register } from 'tsx/esm/api';
import { lowerThreadPriority } from '../workers/thread-priority.mjs';

// Below the main thread, which answers the counter from memory and never waits for the database (with
// the load generator on the same two cores, the longest stalls of a check during a mirror rebuild went
// from 143-160 ms to 78-80 ms); above the background workers, which wait for the database anyway.
lowerThreadPriority(10);
register();
await import('./pglite-worker.ts');
