// Entry of the embedded database's worker thread (see pglite-connection.ts). tsx registers its loader
// only on the main thread on Node 20, whether by `--import tsx` or by `register()` as in
// bin/smart-jkn.mjs, so the worker registers it itself before loading its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
