/** The worker side of row-load.ts: reads the file, checks every row, sends COPY text and issues. */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { copyOutFromServer } from '../../db/server-copy-out.ts';
import { workerInput } from '../../workers/worker-input.ts';
import { columnBuffers, type MirrorColumnsBuilder, type MirrorSource, mirrorColumnsBuilder } from '../eligibility/mirror-columns.ts';
import { reconcileInMemory, withoutDuplicates } from '../coverage/reconciliation-in-memory.ts';
import { decodeDigest, digestCopyParts } from './digest-repository.ts';
import { readCsv } from './csv-records.ts';
import type { ImportIssue } from './import-file.ts';
import { COPIED, type ReconcileWithMessage, type RowLoadInput, type RowLoadMessage, type RowLoadSummary } from './row-load.ts';
import { RowLoader } from './row-loader.ts';
import { RowTag } from './row-tag.ts';
import { SOURCE_SPECS } from './sources.ts';

const ISSUES_PER_MESSAGE = 1_000;
const PROGRESS_EVERY_MS = 200;

const input = await workerInput<RowLoadInput>();
const port = parentPort!;
const send = (message: RowLoadMessage) => port.postMessage(message);

let credits = input.copiesAhead;
let creditReturned: (() => void) | null = null;
let reconcileWithArrived: (message: ReconcileWithMessage) => void = () => undefined;
/** The population's digest, decoded (and on a server read) here as soon as the main thread says where it is. */
const population = new Promise<ReconcileWithMessage>((resolve) => (reconcileWithArrived = resolve)).then(async (message) => {
  if (!message.reconcileWith) throw new Error(message.missing);
  const { reconcileWith } = message;
  const { digest } = reconcileWith;
  try {
    const parts = 'parts' in digest ? digest.parts : await copyOutFromServer({ ...digest, format: 'binary' });
    return { pendudukBatchId: reconcileWith.pendudukBatchId, residents: { keys: decodeDigest(parts), tag: new RowTag(reconcileWith.tagColumns) } };
  } catch (error) {
    throw new Error(`the population digest could not be read (${(error as Error).message})`);
  }
});
population.catch(() => undefined); // awaited after the load
port.on('message', (message: typeof COPIED | ReconcileWithMessage) => {
  if (message !== COPIED) return reconcileWithArrived(message);
  credits++;
  creditReturned?.();
  creditReturned = null;
});

/** The mirror's columns, built from each COPY chunk as it is sent (its text is the batch table's rows). */
let mirror: MirrorColumnsBuilder | null = null;
let mirrorSkipped: string | null = null;
if (input.mirrorColumns) {
  // The COPY text is about as long as the file: each row gains its line number, the header is left out.
  const layout = ['line', ...SOURCE_SPECS[input.source].dbColumns];
  // prioritas never comes here (import-prioritas.ts), nor to the mirror.
  mirror = mirrorColumnsBuilder(input.source as MirrorSource, { layout, expectedBytes: statSync(input.filePath).size });
}
/** A builder that fails costs the import nothing: the mirror then reads the table back instead. */
function buildingMirror<T>(build: (builder: MirrorColumnsBuilder) => T): T | null {
  try {
    return mirror && build(mirror);
  } catch (error) {
    mirror = null;
    mirrorSkipped = (error as Error).message;
    return null;
  }
}

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
      buildingMirror((builder) => builder.add(csv)); // while the database still copies the chunk before
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

/**
 * After the load: the duplicate check (one sort of the tally), then what the sorted tally gives — the
 * reconciliation with the population batch's digest, and this batch's own digest. Neither when the
 * file was too long to tally: the database then finds duplicates and joins.
 */
async function afterLoad(): Promise<Pick<RowLoadSummary, 'duplicateNiks' | 'reconciliation' | 'digest'>> {
  const skipped = (why: string) => (input.reconcile ? { skipped: why } : null);
  if (loader.niks.overflowed) return { duplicateNiks: null, reconciliation: skipped('more rows than an import tallies in memory'), digest: null };
  const duplicateNiks = loader.niks.duplicates();
  const tag = loader.tag;
  if (!tag) return { duplicateNiks, reconciliation: skipped('the rows carry no member state'), digest: null };
  const keys = loader.niks.sortedKeys();
  let reconciliation: RowLoadSummary['reconciliation'] = null;
  if (input.reconcile) {
    // Without the population's digest (none, or unreadable) the commit joins in the database instead.
    const found = await population.catch((error: Error) => error.message);
    reconciliation =
      typeof found === 'string'
        ? { skipped: found }
        : { pendudukBatchId: found.pendudukBatchId, groups: reconcileInMemory(found.residents, { keys, tag }) };
  }
  const digest = input.keepDigest
    ? digestCopyParts(input.context.districtCode, input.batchId, { tagColumns: [...tag.columns], keys: withoutDuplicates(keys) })
    : null;
  return { duplicateNiks, reconciliation, digest };
}

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
  const after = await afterLoad();
  const built = buildingMirror((builder) => builder.finish());
  const mirrorColumns: RowLoadSummary['mirrorColumns'] = mirrorSkipped === null ? built : { skipped: mirrorSkipped };
  const summary: RowLoadSummary = {
    columns: loader.columns,
    missingColumns: loader.missingColumns,
    rowsTotal: loader.rowsTotal,
    rowsLoaded: loader.rowsLoaded,
    latestDataPer: loader.latestDataPer,
    sha256: await hashing,
    ...after,
    mirrorColumns,
  };
  const moved = [...(after.digest ?? []).map((part) => part.buffer as ArrayBuffer), ...(built ? columnBuffers(built) : [])];
  port.postMessage({ type: 'done', summary } satisfies RowLoadMessage, moved);
} catch (error) {
  send({ type: 'failed', message: (error as Error).message, code: (error as { code?: string }).code });
}
port.close();
