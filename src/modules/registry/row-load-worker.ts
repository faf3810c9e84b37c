/** The worker side of row-load.ts: reads the file, checks every row, sends COPY text and issues. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv } from './csv-records.ts';
import { COPIED, type RowLoadInput, type RowLoadMessage, type RowLoadSummary } from './row-load-protocol.ts';
import { type ImportIssue, RowLoader } from './row-loader.ts';
import { SOURCE_SPECS } from './sources.ts';

const ISSUES_PER_MESSAGE = 1_000;
const PROGRESS_EVERY_MS = 200;

// At the process's own priority, not lowered: at nice 19 the row checks starved behind PostgreSQL's
// backends while COPY ran (load 3.19 s against 1.64 s for the peserta file at scale 1, and no better a
// counter p99 during imports; bench/README.md, 2026-12-04). The import still gives way to the counter
// between COPY chunks (workers/give-way.ts).
const input = workerData as RowLoadInput;
const port = parentPort!;
const send = (message: RowLoadMessage) => port.postMessage(message);

let credits = input.copiesAhead;
let creditReturned: (() => void) | null = null;
port.on('message', (message: typeof COPIED) => {
  if (message !== COPIED) return;
  credits++;
  creditReturned?.();
  creditReturned = null;
});

let issues: ImportIssue[] = [];
const sendIssues = () => {
  if (issues.length === 0) return;
  send({ type: 'issues', issues });
  issues = [];
};

const loader = new RowLoader(
  SOURCE_SPECS[input.source],
  { ...input.context, desaCodes: new Set(input.context.desaCodes) },
  {
    copyChunkBytes: input.copyChunkBytes,
    async copy(csv) {
      while (credits === 0) await new Promise<void>((resolve) => (creditReturned = resolve));
      credits--;
      sendIssues();
      port.postMessage({ type: 'copy', csv } satisfies RowLoadMessage, [csv.buffer as ArrayBuffer]);
    },
    async report(found) {
      issues.push(found);
      if (issues.length >= ISSUES_PER_MESSAGE) sendIssues();
    },
  },
);

const hash = createHash('sha256');
const hashing = new Promise<string>((resolve, reject) => {
  createReadStream(input.filePath)
    .on('data', (data) => hash.update(data))
    .on('end', () => resolve(hash.digest('hex')))
    .on('error', reject);
});
hashing.catch(() => undefined); // an unreadable file fails the reading first; the hash is awaited after it

try {
  let lastProgressAt = 0;
  await readCsv(input.filePath, loader, (progress) => {
    const now = Date.now();
    if (now - lastProgressAt < PROGRESS_EVERY_MS) return;
    lastProgressAt = now;
    send({ type: 'progress', progress, rows: loader.rowsTotal });
  });
  await loader.finish();
  sendIssues();
  const summary: RowLoadSummary = {
    columns: loader.columns,
    missingColumns: loader.missingColumns,
    rowsTotal: loader.rowsTotal,
    rowsLoaded: loader.rowsLoaded,
    latestDataPer: loader.latestDataPer,
    // One sort of the tally after the last row; none when the file was too long to tally (the database then looks).
    duplicateNiks: loader.niks.overflowed ? null : loader.niks.duplicates(),
    sha256: await hashing,
  };
  send({ type: 'done', summary });
} catch (error) {
  send({ type: 'failed', message: (error as Error).message, code: (error as { code?: string }).code });
}
port.close();
