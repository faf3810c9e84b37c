/**
 * Import one file of a source (formats.md): stream → validate every row on a worker thread (rows
 * already in canonical form are checked as bytes and copied as written, row-loader.ts) → load a batch
 * table → whole-file checks (duplicate NIK, nik-tally.ts) → all-or-nothing commit, or `skipInvalid` to
 * keep the valid rows. Memory stays bounded whatever the file size: a few COPY chunks, and 8 bytes a
 * row for the NIK tally up to its limit.
 */
import path from 'node:path';
import type { Database, Sql } from '../../db/client.ts';
import { isoDateIn } from '../../domain/format.ts';
import { maskNik } from '../../domain/nik.ts';
import { issue } from '../../domain/row-issues.ts';
import type { GiveWay } from '../../workers/give-way.ts';
import { recordAudit } from '../access/index.ts';
import type { DistrictAreas } from '../area/index.ts';
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
import { toCsvLine } from '../../db/copy-text.ts';
import { importPrioritas } from './import-prioritas.ts';
import { loadRows } from './row-load.ts';
import type { ImportIssue } from './row-loader.ts';
import { SOURCE_SPECS, type Source } from './sources.ts';

export type { ImportIssue } from './row-loader.ts';

/**
 * The population and membership batches to reconcile after an import, told inside the transaction
 * that commits it: both current (`history: false`), or the population with an older membership
 * extract kept only as a point of the trend, whose table is dropped after the transaction.
 */
export interface ImportedPair {
  districtCode: string;
  pendudukBatchId: number;
  pesertaBatchId: number;
  /** The membership extract's `data_per`. */
  asOf: string;
  history: boolean;
}

/** What an import tells the modules that depend on its batches (the coverage snapshot), in its commit's transaction. */
export type ImportCommitListener = (tx: Sql, pair: ImportedPair) => Promise<void>;

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
  /** Called in the commit's transaction when a population and a membership batch are there to reconcile. */
  onCommit: ImportCommitListener;
  /** Awaited before each COPY chunk: a server process gives way to its counter checks (workers/give-way.ts). */
  giveWay?: GiveWay;
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
}

const ISSUES_PER_CHUNK = 5_000;

/**
 * A server wastes time between statements: 4 MB at a time. The embedded database runs one statement
 * at a time and also writes the counter check's audit and cases between them: 1 MB.
 */
const copyChunkBytes = (db: Database) => (db.kind === 'server' ? 4 : 1) * 1024 * 1024;
/** COPY statements under way at once: the next rows are checked meanwhile, and the database does not wait for this process between statements. */
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
        copiesAhead: COPIES_IN_FLIGHT,
      },
      {
        async copy(csv) {
          await request.giveWay?.();
          await db.copyCsv(table, copyColumns, csv);
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
      return { ...base, status: 'rejected', rowsValid: 0, ...shown, issuesTotal };
    }

    // The worker reports at most every 200 ms, so the last report may be from before the end of the file.
    request.onProgress?.({ ...progress, bytesRead: progress.totalBytes, rows: rowsTotal });
    const status = await commit(db, { request, batchId, dataPer: facts.dataPer, audit });
    await finishBatch(db, batchId, { status, rowsTotal, rowsValid: facts.rows, rowsInvalid, dataPer: facts.dataPer, sha256 });
    return { ...base, status, rowsValid: facts.rows, ...shown, issuesTotal };
  } catch (error) {
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
 * Attaches the batch and tells `onCommit` the batches to reconcile, in one transaction. A peserta
 * extract older than the current one is kept only as a point of the trend.
 */
async function commit(
  db: Database,
  args: {
    request: ImportRequest;
    batchId: number;
    dataPer: string | null;
    /** Writes the import's audit record in the transaction that settles the batch. */
    audit: (tx: Sql, status: 'committed' | 'history') => Promise<void>;
  },
): Promise<'committed' | 'history'> {
  const { request, batchId, dataPer } = args;
  const spec = SOURCE_SPECS[request.source];
  const districtCode = request.district.district.code;
  const current = await currentSource(db, districtCode, request.source);
  const isOlderExtract = request.source === 'peserta' && current?.dataPer != null && dataPer! < current.dataPer;

  if (isOlderExtract) {
    const penduduk = await currentSource(db, districtCode, 'penduduk');
    await db.transaction(async (tx) => {
      if (penduduk) {
        await request.onCommit(tx, { districtCode, pendudukBatchId: penduduk.batchId, pesertaBatchId: batchId, asOf: dataPer!, history: true });
      }
      await args.audit(tx, 'history');
    });
    await dropBatchTable(db, spec, batchId);
    return 'history';
  }

  const replaced = await db.transaction(async (tx) => {
    const previous = await attachBatch(tx, { districtCode, spec, batchId, dataPer });
    const penduduk = request.source === 'penduduk' ? { batchId } : await currentSource(tx, districtCode, 'penduduk');
    const peserta = request.source === 'peserta' ? { batchId, dataPer } : await currentSource(tx, districtCode, 'peserta');
    if (request.source !== 'dtsen' && penduduk && peserta?.dataPer) {
      await request.onCommit(tx, { districtCode, pendudukBatchId: penduduk.batchId, pesertaBatchId: peserta.batchId, asOf: peserta.dataPer, history: false });
    }
    await tx.query(`UPDATE import_batch SET status = 'committed' WHERE id = $1`, [batchId]);
    await args.audit(tx, 'committed');
    return previous;
  });
  if (replaced !== null) await dropBatchTable(db, spec, replaced);
  return 'committed';
}
