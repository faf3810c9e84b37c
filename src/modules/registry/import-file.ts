/**
 * Import one file of a source (formats.md): stream → validate every row on a worker thread (rows
 * already in canonical form are checked as bytes and copied as written, row-loader.ts) → load a batch
 * table → whole-file checks (duplicate NIK, nik-tally.ts) → all-or-nothing commit, or `skipInvalid` to
 * keep the valid rows. Memory stays bounded whatever the file size: a few COPY chunks, and 8 bytes a
 * row for the NIK tally up to its limit.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, Sql } from '../../db/client.ts';
import { isoDateIn } from '../../domain/format.ts';
import { maskNik } from '../../domain/nik.ts';
import { type Issue, issue } from '../../domain/row-issues.ts';
import { foregroundActive, giveWayToForeground } from '../../workers/foreground.ts';
import { recordAudit } from '../access/index.ts';
import type { DistrictAreas } from '../area/index.ts';
import { mirrorWantsColumns, offerMirrorColumns, withdrawMirrorColumns } from '../eligibility/mirror-handoff.ts';
import { SERVER_JOIN_WORK_MEM, storeSnapshot } from '../coverage/snapshot-repository.ts';
import {
  analyzeBatch,
  attachBatch,
  batchFacts,
  createBatch,
  currentSource,
  deleteNiks,
  dropBatchTable,
  duplicateNiks,
  finishBatch,
  partitionName,
} from './batch-repository.ts';
import { toCsvLine } from './csv-records.ts';
import { findResidentDigest, replaceResidentDigest } from './digest-repository.ts';
import { loadRows, type ReconcileWith, type RowLoadSummary } from './row-load.ts';
import { importPrioritas } from './import-prioritas.ts';
import { SOURCE_SPECS, type Source } from './sources.ts';

export interface ImportIssue extends Issue {
  line: number;
  column: string;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ImportRequest {
  source: Source;
  filePath: string;
  /** Shown in the history; defaults to the file's base name. */
  fileName?: string;
  skipInvalid: boolean;
  username: string | null;
  district: DistrictAreas;
  onProgress?: (progress: ImportProgress) => void;
  /** How many issues the result carries; all are stored with the batch. */
  issueLimit?: number;
  /**
   * Who imports, for the `import` audit record: written in the transaction that commits the batch (or
   * records its rejection), with the outcome added to `detail`.
   */
  audit?: { userId: number | null; username: string; ip?: string | null; detail: Record<string, unknown> };
}

export interface ImportResult {
  batchId: number;
  source: Source;
  /** committed: now the current state; history: an older extract kept only for the trend; rejected: nothing changed. */
  status: 'committed' | 'history' | 'rejected';
  dataPer: string | null;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  issues: ImportIssue[];
  issuesTotal: number;
  issuesTruncated: boolean;
  /** What an operator should know about how the import ran (e.g. a slower path it took, and why). */
  notes: string[];
}

const ISSUES_PER_CHUNK = 5_000;

/**
 * A server wastes time between statements, so an import sends it 4 MB at a time; but a COPY of 4 MB
 * holds a core for ~40 ms at a stretch, and while the counter is in use the desks' answers wait for it.
 * Then 256 kB: checks during PostgreSQL imports had a p99 of 11–14 ms, against 10–24 ms with 1 MB
 * (bench/README.md, 2026-11-26, second section), for an import about a tenth longer. The embedded
 * database is shared with the counter check's audit and cases, which should never wait long behind
 * one statement.
 */
function copyChunkBytes(db: Database): number {
  if (db.kind === 'embedded') return 1024 * 1024;
  return foregroundActive() ? 256 * 1024 : 4 * 1024 * 1024;
}
const COPIES_IN_FLIGHT = 2;

export async function importFile(db: Database, request: ImportRequest): Promise<ImportResult> {
  // Keyed by (nik, kategori), not by NIK: its own importer (import-prioritas.ts).
  if (request.source === 'prioritas') return importPrioritas(db, request);
  const spec = SOURCE_SPECS[request.source];
  const districtCode = request.district.district.code;
  const issueLimit = request.issueLimit ?? 1000;
  const batchId = await createBatch(db, {
    districtCode,
    spec,
    fileName: request.fileName ?? path.basename(request.filePath),
    skipInvalid: request.skipInvalid,
    username: request.username,
  });
  const table = partitionName(spec, batchId);

  const shownIssues: ImportIssue[] = [];
  let issuesTotal = 0;
  let issueChunk = '';
  let issueChunkRows = 0;
  const invalidLines = new Set<number>();
  const flushIssues = async () => {
    if (issueChunkRows === 0) return;
    await db.copyCsv('import_issue', ['district_code', 'batch_id', 'line', '"column"', 'reason', 'code', 'params'], issueChunk);
    issueChunk = '';
    issueChunkRows = 0;
  };
  const report = async (found: ImportIssue) => {
    issuesTotal++;
    invalidLines.add(found.line);
    if (shownIssues.length < issueLimit) shownIssues.push(found);
    issueChunk += toCsvLine([districtCode, batchId, found.line, found.column, found.reason, found.code, JSON.stringify(found.params)]);
    if (++issueChunkRows >= ISSUES_PER_CHUNK) await flushIssues();
  };

  let progress: ImportProgress = { bytesRead: 0, totalBytes: 0, rows: 0 };
  let rowsRead = 0;
  try {
    const copyColumns = ['line', ...spec.dbColumns];
    const reconcile = request.source === 'peserta';
    const loaded = await loadRows(
      {
        source: request.source,
        filePath: request.filePath,
        context: {
          desaCodes: request.district.desa.map((d) => d.code),
          districtCode,
          districtName: request.district.district.name,
          today: isoDateIn(new Date(), request.district.timeZone),
        },
        copyChunkBytes: copyChunkBytes(db),
        // COPY statements under way at once: the next rows are checked meanwhile, and the database
        // does not wait for this process between statements (a server runs two at once). One only
        // while the counter is in use: a second backend would take the core its checks need.
        copiesAhead: foregroundActive() ? 1 : COPIES_IN_FLIGHT,
        reconcile,
        keepDigest: request.source === 'penduduk',
        // While the counter is in use the import is paced to the desks, and its worker has time to spare:
        // it builds the mirror's columns, so the rebuild after it reads nothing back from the database.
        // Otherwise the rebuild reads the table, with nobody waiting, and the import stays as fast and as
        // small as it can be (the columns cost its worker ~0.6 s and ~90 MB for 1.44 M rows).
        mirrorColumns: mirrorWantsColumns() && foregroundActive(),
        batchId,
      },
      {
        async copy(csv) {
          await giveWayToForeground();
          const start = performance.now();
          await db.copyCsv(table, copyColumns, csv);
          // While the counter is in use a server copies at most half the time: its backends run at the
          // app's priority and would take the CPU the desks' answers (and their clients) need. The
          // embedded database's thread already runs below the main thread.
          if (db.kind === 'server' && foregroundActive()) await sleep(performance.now() - start);
        },
        async report(found) {
          for (const one of found) await report(one);
        },
        progress(bytes, rows) {
          rowsRead = rows;
          progress = { ...bytes, rows };
          request.onProgress?.(progress);
        },
      },
      reconcile ? reconciliationSource(db, districtCode) : undefined,
    );
    const header = loaded.columns;
    const rowsTotal = loaded.rowsTotal;
    if (!header) await report({ line: 1, column: '', ...issue('file_empty') });

    // What was loaded, as the loader counted it; counted again only if duplicates are deleted below.
    let facts = { rows: loaded.rowsLoaded, dataPer: loaded.latestDataPer };
    // Duplicate NIKs: the loader's tally says which (one sort, no index); their lines come from the table.
    if (header) {
      const suspects = loaded.duplicateNiks ?? undefined;
      const duplicates = suspects?.length === 0 ? [] : await duplicateNiks(db, table, suspects);
      for (const dup of duplicates) {
        for (const line of dup.lines) {
          const others = dup.lines.filter((l) => l !== line).join(', ');
          // Masked: the list of rejected rows is shown in the interface and kept with the batch.
          await report({ line, column: 'nik', ...issue('nik_duplicate', { nik: maskNik(dup.nik), lines: others }) });
        }
      }
      if (duplicates.length > 0 && request.skipInvalid) {
        await deleteNiks(db, table, duplicates.map((dup) => dup.nik));
        facts = await batchFacts(db, table, spec);
      }
      await analyzeBatch(db, table);
    }
    await flushIssues();
    const rowsInvalid = invalidLines.size;
    const sha256 = loaded.sha256;
    const headerBroken = !header || loaded.missingColumns.length > 0;
    const nothingValid = facts.rows === 0 && !headerBroken;
    if (nothingValid && issuesTotal === 0) {
      await report({ line: 2, column: '', ...issue('no_rows') });
      await flushIssues();
    }
    const base = { batchId, source: request.source, dataPer: facts.dataPer, rowsTotal, rowsInvalid, issuesTotal };
    const shown = { issues: shownIssues, issuesTruncated: issuesTotal > shownIssues.length };
    const audit = async (tx: Sql, status: ImportResult['status']) => {
      if (!request.audit) return;
      const { userId, username, ip, detail } = request.audit;
      const rowsValid = status === 'rejected' ? 0 : facts.rows;
      await recordAudit(tx, {
        districtCode,
        userId,
        username,
        action: 'import',
        subject: `${request.source}:${batchId}`,
        detail: { ...detail, status, rowsValid, rowsInvalid },
        ip: ip ?? null,
      });
    };

    if (headerBroken || nothingValid || (issuesTotal > 0 && !request.skipInvalid)) {
      await dropBatchTable(db, spec, batchId);
      await db.transaction(async (tx) => {
        await finishBatch(tx, batchId, { status: 'rejected', rowsTotal, rowsValid: 0, rowsInvalid, dataPer: facts.dataPer, sha256 });
        await audit(tx, 'rejected');
      });
      return { ...base, status: 'rejected', rowsValid: 0, ...shown, issuesTotal, notes: [] };
    }

    // The worker reports at most every 200 ms, so the last report may be from before the end of the file.
    request.onProgress?.({ ...progress, bytesRead: progress.totalBytes, rows: rowsTotal });
    // Offered before the table becomes current, so that no rebuild in between reads it back instead.
    const mirrorColumns = loaded.mirrorColumns;
    if (mirrorColumns && !('skipped' in mirrorColumns)) offerMirrorColumns(request.source, table, mirrorColumns);
    const { status, joinedBecause } = await commit(db, { request, batchId, dataPer: facts.dataPer, rows: facts.rows, loaded, audit });
    if (status !== 'committed') withdrawMirrorColumns(request.source, table);
    await finishBatch(db, batchId, { status, rowsTotal, rowsValid: facts.rows, rowsInvalid, dataPer: facts.dataPer, sha256 });
    const notes = [
      ...(joinedBecause === null ? [] : [`Reconciled in the database, not on the import's worker (slower): ${joinedBecause}.`]),
      ...(mirrorColumns && 'skipped' in mirrorColumns ? [`The counter's mirror reads the batch back from the database (slower): ${mirrorColumns.skipped}.`] : []),
    ];
    return { ...base, status, rowsValid: facts.rows, ...shown, issuesTotal, notes };
  } catch (error) {
    withdrawMirrorColumns(request.source, table);
    await dropBatchTable(db, spec, batchId).catch(() => undefined);
    await finishBatch(db, batchId, {
      status: 'abandoned',
      rowsTotal: rowsRead,
      rowsValid: 0,
      rowsInvalid: invalidLines.size,
      dataPer: null,
      sha256: null,
    }).catch(() => undefined);
    throw error;
  }
}

/**
 * The population batch the loaded rows are reconciled with on the import's worker: the current one,
 * if its digest was stored. The commit uses that result only if it is still the current one then.
 */
async function reconciliationSource(db: Database, districtCode: string): Promise<ReconcileWith | undefined> {
  const penduduk = await currentSource(db, districtCode, 'penduduk');
  const stored = penduduk && (await findResidentDigest(db, districtCode, penduduk.batchId));
  if (!stored) return undefined;
  const { tagColumns } = stored;
  if (db.connectionString) {
    // While the counter is in use, part by part with pauses: 12 MB read at once held a core for a
    // quarter to half a second at the import's start, and the desks' answers waited.
    const paced = foregroundActive();
    const queries = paced ? stored.partQueries : [stored.allPartsQuery];
    return { pendudukBatchId: penduduk.batchId, tagColumns, digest: { connectionString: db.connectionString, queries, paced } };
  }
  // Part by part: the embedded database holds one part's output at a time.
  const parts: Uint8Array[] = [];
  for (const query of stored.partQueries) parts.push(await db.copyOut(query, 'binary'));
  return { pendudukBatchId: penduduk.batchId, tagColumns, digest: { parts } };
}

/**
 * Attaches the batch and refreshes the coverage snapshot in one transaction. A peserta extract
 * older than the current one is kept only as a point of the trend.
 */
async function commit(
  db: Database,
  args: {
    request: ImportRequest;
    batchId: number;
    dataPer: string | null;
    rows: number;
    loaded: RowLoadSummary;
    /** Writes the import's audit record in the transaction that settles the batch. */
    audit: (tx: Sql, status: 'committed' | 'history') => Promise<void>;
  },
): Promise<{ status: 'committed' | 'history'; joinedBecause: string | null }> {
  const { request, batchId, dataPer } = args;
  const { reconciliation, digest } = args.loaded;
  let joinedBecause: string | null = null;
  /** The loader's reconciliation of this batch, if it was made with `pendudukBatchId`; else the database joins, and says why. */
  const reconciledWith = (pendudukBatchId: number) => {
    if (reconciliation === null) return undefined;
    if ('groups' in reconciliation && reconciliation.pendudukBatchId === pendudukBatchId) return reconciliation.groups;
    joinedBecause = 'skipped' in reconciliation ? reconciliation.skipped : 'the population was replaced during the import';
    return undefined;
  };
  const spec = SOURCE_SPECS[request.source];
  const districtCode = request.district.district.code;
  const current = await currentSource(db, districtCode, request.source);
  const joinWorkMem = db.kind === 'server' ? SERVER_JOIN_WORK_MEM : null;
  // While desks are being answered, the join leaves them the other cores.
  const serial = foregroundActive();
  // The reconciliation counts the member batch unless it is this one.
  const memberCount = request.source === 'peserta' ? args.rows : null;
  const isOlderExtract = request.source === 'peserta' && current?.dataPer != null && dataPer! < current.dataPer;

  if (isOlderExtract) {
    const penduduk = await currentSource(db, districtCode, 'penduduk');
    await db.transaction(async (tx) => {
      if (penduduk) {
        await storeSnapshot(tx, {
          districtCode,
          pendudukBatchId: penduduk.batchId,
          pesertaBatchId: batchId,
          asOf: dataPer!,
          joinWorkMem,
          memberCount,
          serial,
          reconciled: reconciledWith(penduduk.batchId),
        });
      }
      await args.audit(tx, 'history');
    });
    await dropBatchTable(db, spec, batchId);
    return { status: 'history', joinedBecause };
  }

  const replaced = await db.transaction(async (tx) => {
    const previous = await attachBatch(tx, { districtCode, spec, batchId, dataPer });
    // Rows deleted after the load (duplicate NIKs) are not in the digest either: it leaves out every NIK loaded twice.
    if (request.source === 'penduduk') await replaceResidentDigest(tx, districtCode, digest);
    const penduduk = request.source === 'penduduk' ? { batchId } : await currentSource(tx, districtCode, 'penduduk');
    const peserta = request.source === 'peserta' ? { batchId, dataPer } : await currentSource(tx, districtCode, 'peserta');
    if (request.source !== 'dtsen' && penduduk && peserta?.dataPer) {
      await storeSnapshot(tx, {
        districtCode,
        pendudukBatchId: penduduk.batchId,
        pesertaBatchId: peserta.batchId,
        asOf: peserta.dataPer,
        joinWorkMem,
        memberCount,
        serial,
        reconciled: request.source === 'peserta' ? reconciledWith(penduduk.batchId) : undefined,
      });
    }
    await tx.query(`UPDATE import_batch SET status = 'committed' WHERE id = $1`, [batchId]);
    await args.audit(tx, 'committed');
    return previous;
  });
  if (replaced !== null) await dropBatchTable(db, spec, replaced);
  return { status: 'committed', joinedBecause };
}
