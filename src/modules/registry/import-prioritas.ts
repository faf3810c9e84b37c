/**
 * Import of `prioritas` (formats.md, second wave): priority groups keyed by (nik, kategori), so a
 * resident may have one row per category. A register of this kind is small (chronic patients, pregnancies,
 * disabilities: tens of thousands of rows), so the file is read on this thread, checked whole, and
 * written in one go; the NIK-keyed loader of import-file.ts (worker, NIK tally, mirror hand-off) is not
 * used. Same contract as every import: all or nothing unless `skipInvalid`, every bad row reported with
 * line, column and reason, a newer file replaces the previous state, the audit record in the
 * transaction that settles the batch.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Database, Sql } from '../../db/client.ts';
import { isoDateIn } from '../../domain/format.ts';
import { maskNik } from '../../domain/nik.ts';
import { issue } from '../../domain/row-issues.ts';
import { recordAudit } from '../access/index.ts';
import { attachBatch, createBatch, dropBatchTable, finishBatch, partitionName } from './batch-repository.ts';
import { toCsvLine } from '../../db/copy-text.ts';
import { normaliseHeader, readCsv } from './csv-records.ts';
import type { ImportIssue, ImportRequest, ImportResult } from './import-file.ts';
import { type RowIssue, type RowValues, SOURCE_SPECS } from './sources.ts';

const spec = SOURCE_SPECS.prioritas;

async function sha256Of(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function importPrioritas(db: Database, request: ImportRequest): Promise<ImportResult> {
  const districtCode = request.district.district.code;
  const issueLimit = request.issueLimit ?? 1000;
  const context = {
    desaCodes: new Set(request.district.desa.map((d) => d.code)),
    districtCode,
    districtName: request.district.district.name,
    today: isoDateIn(new Date(), request.district.timeZone),
  };
  const batchId = await createBatch(db, {
    districtCode,
    spec,
    fileName: request.fileName ?? path.basename(request.filePath),
    skipInvalid: request.skipInvalid,
    username: request.username,
  });
  const table = partitionName(spec, batchId);
  try {
    const issues: ImportIssue[] = [];
    const invalidLines = new Set<number>();
    const rows = new Map<number, RowValues>();
    const linesByKey = new Map<string, number[]>();
    let columns: string[] | null = null;
    let headerBroken = false;
    let rowsTotal = 0;
    const add = (found: ImportIssue) => {
      issues.push(found);
      invalidLines.add(found.line);
    };
    await readCsv(
      request.filePath,
      {
        header(record) {
          columns = normaliseHeader(record.fields);
          for (const column of spec.columns) {
            if (column.required && !columns.includes(column.name)) {
              add({ line: record.line, column: column.name, ...issue('header_missing', { column: column.name }) });
              headerBroken = true;
            }
          }
          return !headerBroken;
        },
        accepts: () => false,
        take: () => undefined,
        record(record) {
          rowsTotal++;
          const index = new Map(columns!.map((name, i) => [name, i]));
          const field = (name: string) => {
            const i = index.get(name);
            return i === undefined ? '' : (record.fields[i] ?? '').trim();
          };
          const rowIssues: RowIssue[] = [];
          const values = spec.parse(field, context, rowIssues);
          if (rowIssues.length > 0) {
            for (const found of rowIssues) add({ line: record.line, ...found });
            return;
          }
          rows.set(record.line, values);
          const key = `${values[0]}|${values[1]}`;
          const lines = linesByKey.get(key);
          if (lines) lines.push(record.line);
          else linesByKey.set(key, [record.line]);
        },
        pieceDone: async () => undefined,
      },
      (progress) => request.onProgress?.({ ...progress, rows: rowsTotal }),
    );
    if (columns === null) add({ line: 1, column: '', ...issue('file_empty') });
    for (const [key, lines] of linesByKey) {
      if (lines.length < 2) continue;
      const [nik, kategori] = key.split('|');
      for (const line of lines) {
        rows.delete(line);
        const others = lines.filter((l) => l !== line).join(', ');
        add({ line, column: 'nik', ...issue('key_duplicate', { key: `NIK ${maskNik(nik)} ${kategori}`, lines: others }) });
      }
    }
    if (!headerBroken && columns !== null && rows.size === 0 && issues.length === 0) add({ line: 2, column: '', ...issue('no_rows') });
    issues.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));

    if (issues.length > 0) {
      let csv = '';
      for (const i of issues) csv += toCsvLine([districtCode, batchId, i.line, i.column, i.reason, i.code, JSON.stringify(i.params)]);
      await db.copyCsv('import_issue', ['district_code', 'batch_id', 'line', '"column"', 'reason', 'code', 'params'], csv);
    }
    const sha256 = await sha256Of(request.filePath);
    const rowsInvalid = invalidLines.size;
    const shown = { issues: issues.slice(0, issueLimit), issuesTotal: issues.length, issuesTruncated: issues.length > issueLimit, notes: [] };
    const audit = async (tx: Sql, status: ImportResult['status'], rowsValid: number) => {
      if (!request.audit) return;
      const { userId, username, ip, detail } = request.audit;
      await recordAudit(tx, {
        districtCode,
        userId,
        username,
        action: 'import',
        subject: `prioritas:${batchId}`,
        detail: { ...detail, status, rowsValid, rowsInvalid },
        ip: ip ?? null,
      });
    };
    const base = { batchId, source: 'prioritas' as const, dataPer: null, rowsTotal, rowsInvalid };
    if (headerBroken || columns === null || rows.size === 0 || (issues.length > 0 && !request.skipInvalid)) {
      await dropBatchTable(db, spec, batchId);
      await db.transaction(async (tx) => {
        await finishBatch(tx, batchId, { status: 'rejected', rowsTotal, rowsValid: 0, rowsInvalid, dataPer: null, sha256 });
        await audit(tx, 'rejected', 0);
      });
      return { ...base, status: 'rejected', rowsValid: 0, ...shown };
    }
    let csv = '';
    for (const [line, values] of rows) csv += toCsvLine([line, ...values]);
    await db.copyCsv(table, ['line', ...spec.dbColumns], csv);
    const replaced = await db.transaction(async (tx) => {
      const previous = await attachBatch(tx, { districtCode, spec, batchId, dataPer: null });
      await finishBatch(tx, batchId, { status: 'committed', rowsTotal, rowsValid: rows.size, rowsInvalid, dataPer: null, sha256 });
      await audit(tx, 'committed', rows.size);
      return previous;
    });
    if (replaced !== null) await dropBatchTable(db, spec, replaced);
    return { ...base, status: 'committed', rowsValid: rows.size, ...shown };
  } catch (error) {
    await dropBatchTable(db, spec, batchId).catch(() => undefined);
    await finishBatch(db, batchId, { status: 'abandoned', rowsTotal: 0, rowsValid: 0, rowsInvalid: 0, dataPer: null, sha256: null }).catch(
      () => undefined,
    );
    throw error;
  }
}
