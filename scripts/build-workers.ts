/** `npm run build`: the bundles that worker threads load (src/workers/compiled-worker.ts). */
import { compileWorker, WORKER_MODULES } from '../src/workers/compiled-worker.ts';

for (const module of WORKER_MODULES) compileWorker(module);
