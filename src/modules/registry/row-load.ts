/**
 * Reads, checks and converts an import file's rows (csv-records.ts, row-loader.ts) on a background
 * worker thread (row-load-worker.ts), while this thread only hands the COPY text on to the database.
 * The counter check answers on this thread: an import must not take its CPU.
 *
 * The worker runs at most `copiesAhead` chunks ahead of the COPY statements that have finished, so
 * memory stays bounded by a few chunks whatever the file size.
 */
import type { Worker } from 'node:worker_threads';
import type { ServerCopyOut } from '../../db/server-copy-out.ts';
import type { MirrorColumns } from '../eligibility/mirror-columns.ts';
import { keepWarm, startWorker } from '../../workers/run-worker.ts';
import type { ReconciledGroup } from '../coverage/reconciliation-in-memory.ts';
import type { TaggedColumn } from './row-tag.ts';
import type { CsvProgress } from './csv-records.ts';
import type { ImportIssue } from './import-file.ts';
import type { RowContext, Source } from './sources.ts';

export interface RowLoadInput {
  source: Source;
  filePath: string;
  context: Omit<RowContext, 'desaCodes'> & { desaCodes: string[] };
  copyChunkBytes: number;
  /** Chunks the worker may send before the first of them has been copied. */
  copiesAhead: number;
  /**
   * For a source whose rows are tagged with the member state (peserta): after the load, reconcile the
   * rows with the population digest that `loadRows` is given (coverage/reconciliation-in-memory.ts).
   */
  reconcile: boolean;
  /** Build the counter mirror's columns of the loaded rows (eligibility/mirror-handoff.ts). */
  mirrorColumns: boolean;
  /** Give back the loaded rows' digest as the COPY text that stores it for `batchId` (penduduk). */
  keepDigest: boolean;
  batchId: number;
}

/** The population batch to reconcile the loaded rows with: its digest (digest-repository.ts). */
export interface ReconcileWith {
  pendudukBatchId: number;
  tagColumns: TaggedColumn[];
  /** Each part's binary COPY (the embedded database), or, on a server, what the worker reads itself (format: binary). */
  digest: { parts: Uint8Array[] } | ServerCopyOut;
}

/** Sent to the worker once the population digest has been found; without one, why not. */
export type ReconcileWithMessage = { reconcileWith: ReconcileWith } | { reconcileWith: null; missing: string };

/** The groups of the reconciliation of the loaded rows with a population batch. */
export interface RowLoadReconciliation {
  pendudukBatchId: number;
  groups: ReconciledGroup[];
}

/** What the loader found, once every row has been read. */
export interface RowLoadSummary {
  columns: string[] | null;
  missingColumns: string[];
  rowsTotal: number;
  rowsLoaded: number;
  latestDataPer: string | null;
  /** NIKs loaded more than once (the tally's answer), or null when the file was too long to tally. */
  duplicateNiks: string[] | null;
  /** Of the whole file, as read. */
  sha256: string;
  /** Null when not asked for; else its groups, or why it could not be computed (the database's join runs instead). */
  reconciliation: RowLoadReconciliation | { skipped: string } | null;
  /** The loaded rows' digest as COPY text parts, when asked for (`keepDigest`) and the file was not too long to tally. */
  digest: Uint8Array[] | null;
  /** The mirror's columns of the loaded rows when asked for (`mirrorColumns`), or why they could not be built. */
  mirrorColumns: MirrorColumns | { skipped: string } | null;
}

export type RowLoadMessage =
  | { type: 'copy'; csv: Uint8Array }
  | { type: 'issues'; issues: ImportIssue[] }
  | { type: 'progress'; progress: CsvProgress; rows: number }
  | { type: 'done'; summary: RowLoadSummary }
  | { type: 'failed'; message: string; code?: string };

/** Sent back to the worker each time one of its chunks has been copied. */
export const COPIED = 'copied';

export interface RowLoadHandlers {
  copy(csv: Uint8Array): Promise<void>;
  report(issues: ImportIssue[]): Promise<void>;
  progress(progress: CsvProgress, rows: number): void;
}

const WORKER = new URL('./row-load-worker.ts', import.meta.url);
// Checking rows as bytes leaves little garbage: 8 MB measured as fast as the default, 30–40 MB less resident.
const WORKER_OPTIONS = { youngGenerationMb: 8 };

/** A process that will import (the server) keeps a row loader started ahead: an import then starts at once. */
export function keepRowLoaderWarm(): void {
  keepWarm(WORKER, WORKER_OPTIONS);
}

/**
 * `reconcileWith` (with `input.reconcile`) is read while the worker starts and the first rows load;
 * the worker needs it only after the last row.
 */
export function loadRows(
  input: RowLoadInput,
  handlers: RowLoadHandlers,
  reconcileWith: Promise<ReconcileWith | undefined> = Promise.resolve(undefined),
): Promise<RowLoadSummary> {
  const worker: Worker = startWorker(WORKER, input, WORKER_OPTIONS);
  if (input.reconcile) {
    reconcileWith.then(
      (found) => {
        const message: ReconcileWithMessage = found
          ? { reconcileWith: found }
          : { reconcileWith: null, missing: 'the population has no digest (none imported, or imported before digests were stored)' };
        worker.postMessage(message, found && 'parts' in found.digest ? found.digest.parts.map((part) => part.buffer as ArrayBuffer) : []);
      },
      // Without it the commit joins in the database; a database that failed will fail the import there.
      (error: Error) =>
        worker.postMessage({ reconcileWith: null, missing: `the population digest could not be found (${error.message})` } satisfies ReconcileWithMessage),
    );
  }
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
