/**
 * The worker side of the mirror's loading (mirror-index.ts): COPY text in, column stores out. The text
 * comes as bytes (from the embedded database's own worker) or is read here from a PostgreSQL server
 * over a connection of the worker's own: the COPY protocol's handling costs CPU for every row.
 */
import { parentPort } from 'node:worker_threads';
import { copyOutFromServer, type ServerCopyOut } from '../../db/server-copy-out.ts';
import { lowerThreadPriority } from '../../workers/thread-priority.ts';
import { columnBuffers, type MirrorSource, mirrorColumnsBuilder } from './mirror-columns.ts';

export interface MirrorBuildRequest {
  id: number;
  source: MirrorSource;
  asOf: string;
  /** The COPY text (in parts, read one after another), or where to read it. */
  text: { parts: Uint8Array[] } | ServerCopyOut;
}

lowerThreadPriority(19);
const port = parentPort!;

async function build({ source, asOf, text }: MirrorBuildRequest) {
  const parts = 'parts' in text ? text.parts : await copyOutFromServer(text);
  const builder = mirrorColumnsBuilder(source, asOf);
  // Each part is whole lines (one query's output).
  for (const part of parts) builder.add(part);
  return builder.finish();
}

// One request at a time, in the order sent.
let previous: Promise<void> = Promise.resolve();
port.on('message', (request: MirrorBuildRequest) => {
  previous = previous.then(async () => {
    try {
      const columns = await build(request);
      port.postMessage({ id: request.id, columns }, columnBuffers(columns));
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error).message });
    }
  });
});
