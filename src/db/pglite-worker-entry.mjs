// Entry of the embedded database's worker thread (see pglite-connection.ts). tsx registers its loader
// only on the main thread on Node 20, whether by `--import tsx` or by `register()` as in
// bin/smart-jkn.mjs, so the worker registers it itself before loading its TypeScript.
import { register } from 'tsx/esm/api';

register();
// Below the main thread, which answers the counter from memory and never waits for the database;
// above the workers (nice 19), which wait for the database anyway.
const { lowerThreadPriority } = await import('../workers/thread-priority.ts');
lowerThreadPriority(10);
await import('./pglite-worker.ts');
