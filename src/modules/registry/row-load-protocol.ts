/** What row-load.ts and its worker (row-load-worker.ts) send each other. */
import type { CsvProgress } from './csv-records.ts';
import type { ImportIssue } from './row-loader.ts';
import type { RowContext, Source } from './sources.ts';

export interface RowLoadInput {
  source: Source;
  filePath: string;
  context: Omit<RowContext, 'desaCodes'> & { desaCodes: string[] };
  copyChunkBytes: number;
  /** Chunks the worker may send before the first of them has been copied. */
  copiesAhead: number;
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
}

export type RowLoadMessage =
  | { type: 'copy'; csv: Uint8Array }
  | { type: 'issues'; issues: ImportIssue[] }
  | { type: 'progress'; progress: CsvProgress; rows: number }
  | { type: 'done'; summary: RowLoadSummary }
  | { type: 'failed'; message: string; code?: string };

/** Sent back to the worker each time one of its chunks has been copied. */
export const COPIED = 'copied';
