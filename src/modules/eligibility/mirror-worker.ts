/** The worker side of the mirror's loading (mirror-index.ts): one table's COPY text in, its column store out. */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../../workers/thread-priority.ts';
import { buildMirrorColumns, columnBuffers, type MirrorSource } from './mirror-columns.ts';

export interface MirrorBuildRequest {
  source: MirrorSource;
  asOf: string;
  /** The COPY text of the mirror query (mirror-columns.ts). */
  text: Uint8Array;
}

lowerThreadPriority(19);
const { source, asOf, text } = workerData as MirrorBuildRequest;
try {
  const columns = buildMirrorColumns(source, text, asOf);
  parentPort!.postMessage({ columns }, columnBuffers(columns));
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message });
}
