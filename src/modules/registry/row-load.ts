/**
 * Reads, checks and converts an import file's rows (csv-records.ts, row-loader.ts) on a worker thread
 * (row-load-worker.ts), while this thread only hands the COPY text on to the database. The counter
 * check answers on this thread: an import must not take its CPU.
 *
 * The worker runs at most `copiesAhead` chunks ahead of the COPY statements that have finished, so
 * memory stays bounded by a few chunks whatever the file size.
 */
import { startWorker } from '../../workers/run-worker.ts';
import type { CsvProgress } from './csv-records.ts';
import { COPIED, type RowLoadInput, type RowLoadMessage, type RowLoadSummary } from './row-load-protocol.ts';
import type { ImportIssue } from './row-loader.ts';

export type { RowLoadInput, RowLoadSummary } from './row-load-protocol.ts';

export interface RowLoadHandlers {
  copy(csv: Uint8Array): Promise<void>;
  report(issues: ImportIssue[]): Promise<void>;
  progress(progress: CsvProgress, rows: number): void;
}

const WORKER = new URL('./row-load-worker.ts', import.meta.url);
// Checking rows as bytes leaves little garbage: 8 MB measured as fast as the default, 30–40 MB less resident.
const WORKER_OPTIONS = { youngGenerationMb: 8 };

export function loadRows(input: RowLoadInput, handlers: RowLoadHandlers): Promise<RowLoadSummary> {
  const worker = startWorker(WORKER, input, WORKER_OPTIONS);
  return new Promise<RowLoadSummary>((resolve, reject) => {
    let settled = false;
    const copying: Promise<void>[] = [];
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      // The batch table is dropped after this: no COPY into it may still be running then.
      void Promise.allSettled(copying).then(() => reject(error));
    };
    // Messages are handled one after another, in the order sent; a COPY runs on while the next is taken.
    let handled = Promise.resolve();
    const handle = async (message: RowLoadMessage) => {
      switch (message.type) {
        case 'copy': {
          const copy = handlers.copy(message.csv).then(() => worker.postMessage(COPIED));
          copy.catch(() => undefined); // awaited, and thrown, below
          copying.push(copy);
          return;
        }
        case 'issues':
          return handlers.report(message.issues);
        case 'progress':
          return handlers.progress(message.progress, message.rows);
        case 'done':
          await Promise.all(copying);
          settled = true;
          void worker.terminate();
          return resolve(message.summary);
        case 'failed':
          return fail(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
      }
    };
    // Set as the last message arrives: the worker's exit after it is expected.
    let ended = false;
    worker.on('message', (message: RowLoadMessage) => {
      if (message.type === 'done' || message.type === 'failed') ended = true;
      handled = handled.then(() => (settled ? undefined : handle(message))).catch(fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => ended || fail(new Error(`the row loader stopped unexpectedly (exit code ${code})`)));
  });
}
