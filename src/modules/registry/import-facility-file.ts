/**
 * Import a `faskes` or `kunjungan` file (formats.md, issue 15), with the rules of every import: all or
 * nothing by default, every bad row reported with line, column and reason, `skipInvalid` keeps the
 * valid rows, the same file again changes nothing.
 *
 * - `faskes` replaces the district's facilities (small: read whole, one transaction).
 * - `kunjungan` ADDS: it replaces only the facility-months it contains (by `kode_faskes` and the month
 *   of `tanggal`). One transaction: the rows are copied into `visit` as the file is read (under a new
 *   batch id), then the older visits of those facility-months are deleted; a rejected file rolls it all
 *   back. Memory: the keys (kode_faskes, id) of the file, to find a repeated one.
 *
 * Self-contained on purpose (it shares only the CSV reader and the batch/issue tables with the
 * population imports), so the registry's own import internals can change without it.
 */
import path from 'node:path';
import type { Database, Sql } from '../../db/client.ts';
import { toCsvLine } from '../../db/csv-line.ts';
import { isoDateIn } from '../../domain/format.ts';
import { issue } from '../../domain/row-issues.ts';
import { type Actor, recordAudit } from '../access/index.ts';
import type { DistrictAreas } from '../area/index.ts';
import { type CsvRecord, normaliseHeader, type PlainRecord, readCsv } from './csv-records.ts';
import {
  FASKES_COLUMNS,
  type FacilitySource,
  type FieldReader,
  KUNJUNGAN_COLUMNS,
  parseFaskes,
  parseKunjungan,
  type VisitRow,
} from './facility-sources.ts';
import type { ImportIssue, ImportResult } from './import-file.ts';
import type { RowIssue } from './sources.ts';

export interface FacilityImportRequest {
  source: FacilitySource;
  filePath: string;
  fileName?: string;
  skipInvalid: boolean;
  district: DistrictAreas;
  actor: Actor;
  /** How many issues the result carries; all are stored with the batch. */
  issueLimit?: number;
  /** Extra detail for the audit record (e.g. the file name). */
  auditDetail?: Record<string, unknown>;
  /** Visits dated after this are refused (default: today in the district). */
  today?: string;
}

export type FacilityImportResult = Omit<ImportResult, 'source'> & { source: FacilitySource; facilityMonths?: number };

/** Thrown inside the transaction to roll a rejected file back. */
class Rejected extends Error {}

const FASKES_DB = ['district_code', 'kode', 'nama', 'jenis', 'tingkat', 'kode_wilayah', 'batch_id'];
const VISIT_DB = [
  'district_code',
  'kode_faskes',
  'tanggal',
  'id',
  'nik',
  'jenis_pasien',
  'jam_daftar',
  'jam_layan',
  'diagnosa',
  'rujuk',
  'tujuan_rujukan',
  'prolanis',
  'terkendali',
  'batch_id',
];
const COPY_CHUNK_CHARS = 2 * 1024 * 1024;

/** The kodes of the district's current facilities. */
export async function currentFacilityCodes(db: Sql, districtCode: string): Promise<Set<string>> {
  const rows = await db.query<{ kode: string }>('SELECT kode FROM facility WHERE district_code = $1', [districtCode]);
  return new Set(rows.map((r) => r.kode));
}

export async function importFacilityFile(db: Database, request: FacilityImportRequest): Promise<FacilityImportResult> {
  const districtCode = request.district.district.code;
  const issueLimit = request.issueLimit ?? 1000;
  const fileName = request.fileName ?? path.basename(request.filePath);
  const [{ id: batchId }] = await db.query<{ id: number }>(
    `INSERT INTO import_batch (district_code, source, file_name, status, skip_invalid, username)
     VALUES ($1, $2, $3, 'loading', $4, $5) RETURNING id`,
    [districtCode, request.source, fileName, request.skipInvalid, request.actor.username],
  );

  const issues: ImportIssue[] = [];
  const invalidLines = new Set<number>();
  const report = (found: ImportIssue) => {
    issues.push(found);
    invalidLines.add(found.line);
  };
  let rowsTotal = 0;
  let rowsValid = 0;
  let headerOk = false;
  let sawHeader = false;
  const columns = request.source === 'faskes' ? FASKES_COLUMNS : KUNJUNGAN_COLUMNS;

  /** Reads the file; each valid row goes to `row` with its line. */
  const read = async (row: (field: FieldReader, line: number, rowIssues: RowIssue[]) => void, pieceDone: () => Promise<void>) => {
    let index = new Map<string, number>();
    let fields: string[] = [];
    const field: FieldReader = (name) => {
      const i = index.get(name);
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const one = (line: number) => {
      rowsTotal++;
      const rowIssues: RowIssue[] = [];
      row(field, line, rowIssues);
      for (const found of rowIssues) report({ line, ...found });
    };
    await readCsv(request.filePath, {
      header(record: CsvRecord) {
        sawHeader = true;
        const names = normaliseHeader(record.fields);
        index = new Map(names.map((name, i) => [name, i]));
        for (const c of columns) {
          if (c.required && !index.has(c.name)) report({ line: record.line, column: c.name, ...issue('header_missing', { column: c.name }) });
        }
        headerOk = columns.every((c) => !c.required || index.has(c.name));
        return headerOk;
      },
      accepts: () => true,
      take(record: PlainRecord) {
        fields = new Array(record.starts.length);
        for (let i = 0; i < record.starts.length; i++) fields[i] = record.bytes.toString('utf8', record.starts[i], record.ends[i]);
        one(record.line);
      },
      record(record: CsvRecord) {
        fields = record.fields;
        one(record.line);
      },
      pieceDone,
    });
    if (!sawHeader) report({ line: 1, column: '', ...issue('file_empty') });
  };

  const verdict = () => {
    const headerBroken = !headerOk;
    const nothingValid = !headerBroken && rowsValid === 0;
    if (nothingValid && issues.length === 0) report({ line: 2, column: '', ...issue('no_rows') });
    return headerBroken || nothingValid || (issues.length > 0 && !request.skipInvalid);
  };

  const audit = async (tx: Sql, status: 'committed' | 'rejected', extra: Record<string, unknown> = {}) => {
    await recordAudit(tx, {
      districtCode,
      userId: request.actor.userId,
      username: request.actor.username,
      action: 'import',
      subject: `${request.source}:${batchId}`,
      detail: { ...request.auditDetail, via: request.actor.via, status, rowsValid: status === 'rejected' ? 0 : rowsValid, rowsInvalid: invalidLines.size, ...extra },
      ip: request.actor.ip,
    });
  };

  const finish = async (tx: Sql, status: string) => {
    await tx.query(
      `UPDATE import_batch SET status = $2, rows_total = $3, rows_valid = $4, rows_invalid = $5, finished_at = now() WHERE id = $1`,
      [batchId, status, rowsTotal, status === 'rejected' ? 0 : rowsValid, invalidLines.size],
    );
  };

  let facilityMonths = 0;
  try {
    await db.transaction(async (tx) => {
      if (request.source === 'faskes') {
        const context = {
          desaCodes: new Set(request.district.desa.map((d) => d.code)),
          districtCode,
          districtName: request.district.district.name,
        };
        const rows: { line: number; csv: string; kode: string }[] = [];
        await read(
          (field, line, rowIssues) => {
            const parsed = parseFaskes(field, context, rowIssues);
            if (parsed) {
              rows.push({ line, kode: parsed.kode, csv: toCsvLine([districtCode, parsed.kode, parsed.nama, parsed.jenis, parsed.tingkat, parsed.kodeWilayah, batchId]) });
            }
          },
          async () => undefined,
        );
        const byKode = new Map<string, number[]>();
        for (const r of rows) byKode.set(r.kode, [...(byKode.get(r.kode) ?? []), r.line]);
        const kept = rows.filter((r) => {
          const lines = byKode.get(r.kode)!;
          if (lines.length === 1) return true;
          report({ line: r.line, column: 'kode', ...issue('key_duplicate', { key: `kode ${r.kode}`, lines: lines.filter((l) => l !== r.line).join(', ') }) });
          return false;
        });
        rowsValid = kept.length;
        if (verdict()) throw new Rejected();
        const previous = await tx.query<{ batch_id: number }>('SELECT DISTINCT batch_id FROM facility WHERE district_code = $1', [districtCode]);
        await tx.query('DELETE FROM facility WHERE district_code = $1', [districtCode]);
        await tx.copyCsv('facility', FASKES_DB, kept.map((r) => r.csv).join(''));
        for (const p of previous) await tx.query(`UPDATE import_batch SET status = 'superseded' WHERE id = $1 AND id <> $2`, [p.batch_id, batchId]);
      } else {
        const context = {
          facilities: await currentFacilityCodes(tx, districtCode),
          today: request.today ?? isoDateIn(new Date(), request.district.timeZone),
        };
        /** Per facility: visit id → first line. */
        const seen = new Map<string, Map<string, number>>();
        /** Repeated keys: `kode\tid` → every line. */
        const repeated = new Map<string, number[]>();
        const months = new Map<string, Set<string>>();
        let chunk = '';
        let copying: Promise<void> = Promise.resolve();
        const flush = async () => {
          await copying;
          if (chunk === '') return;
          const csv = chunk;
          chunk = '';
          copying = tx.copyCsv('visit', VISIT_DB, csv);
        };
        await read(
          (field, line, rowIssues) => {
            const v = parseKunjungan(field, context, rowIssues);
            if (!v) return;
            let ids = seen.get(v.kodeFaskes);
            if (!ids) seen.set(v.kodeFaskes, (ids = new Map()));
            const first = ids.get(v.id);
            if (first !== undefined) {
              const key = `${v.kodeFaskes}\t${v.id}`;
              const lines = repeated.get(key);
              if (lines) lines.push(line);
              else repeated.set(key, [first, line]);
              return;
            }
            ids.set(v.id, line);
            rowsValid++;
            let m = months.get(v.kodeFaskes);
            if (!m) months.set(v.kodeFaskes, (m = new Set()));
            m.add(v.tanggal.slice(0, 7));
            chunk += visitCsv(districtCode, batchId, v);
          },
          async () => {
            if (chunk.length >= COPY_CHUNK_CHARS) await flush();
          },
        );
        await flush();
        await copying;
        // Every line of a repeated key is reported; the first was loaded, and goes again below.
        for (const [key, lines] of repeated) {
          const [kode, id] = key.split('\t') as [string, string];
          for (const line of lines) {
            report({ line, column: 'id', ...issue('key_duplicate', { key: `(kode_faskes ${kode}, id ${id})`, lines: lines.filter((l) => l !== line).join(', ') }) });
          }
        }
        rowsValid -= repeated.size;
        if (verdict()) throw new Rejected();
        if (repeated.size > 0) {
          const keys = [...repeated.keys()].map((key) => {
            const [kode, id] = key.split('\t');
            return { kode, id };
          });
          await tx.query(
            `DELETE FROM visit v USING jsonb_to_recordset($3::jsonb) AS k(kode text, id text)
             WHERE v.district_code = $1 AND v.batch_id = $2 AND v.kode_faskes = k.kode COLLATE "C" AND v.id = k.id COLLATE "C"`,
            [districtCode, batchId, JSON.stringify(keys)],
          );
        }
        const facilityMonthList = [...months].flatMap(([kode, set]) => [...set].map((m) => ({ kode, m: `${m}-01` })));
        facilityMonths = facilityMonthList.length;
        // The file's facility-months replace what was imported for them before; other months stay.
        await tx.query(
          `DELETE FROM visit v USING jsonb_to_recordset($3::jsonb) AS fm(kode text, m date)
           WHERE v.district_code = $1 AND v.kode_faskes = fm.kode COLLATE "C"
             AND v.tanggal >= fm.m AND v.tanggal < (fm.m + interval '1 month')::date AND v.batch_id <> $2`,
          [districtCode, batchId, JSON.stringify(facilityMonthList)],
        );
      }
      await finish(tx, 'committed');
      await audit(tx, 'committed', request.source === 'kunjungan' ? { facilityMonths } : {});
    });
  } catch (error) {
    if (!(error instanceof Rejected)) {
      await db.query(`UPDATE import_batch SET status = 'abandoned', finished_at = now() WHERE id = $1`, [batchId]).catch(() => undefined);
      throw error;
    }
    await db.transaction(async (tx) => {
      await storeIssues(tx, districtCode, batchId, issues);
      await finish(tx, 'rejected');
      await audit(tx, 'rejected');
    });
    return result('rejected');
  }
  if (issues.length > 0) await storeIssues(db, districtCode, batchId, issues);
  return result('committed');

  function result(status: 'committed' | 'rejected'): FacilityImportResult {
    issues.sort((a, b) => a.line - b.line);
    return {
      batchId,
      source: request.source,
      status,
      dataPer: null,
      rowsTotal,
      rowsValid: status === 'rejected' ? 0 : rowsValid,
      rowsInvalid: invalidLines.size,
      issues: issues.slice(0, issueLimit),
      issuesTotal: issues.length,
      issuesTruncated: issues.length > issueLimit,
      notes: [],
      ...(request.source === 'kunjungan' && status === 'committed' ? { facilityMonths } : {}),
    };
  }
}

function visitCsv(districtCode: string, batchId: number, v: VisitRow): string {
  return toCsvLine([
    districtCode,
    v.kodeFaskes,
    v.tanggal,
    v.id,
    v.nik,
    v.jenisPasien,
    v.jamDaftar,
    v.jamLayan,
    v.diagnosa,
    v.rujuk,
    v.tujuanRujukan,
    v.prolanis,
    v.terkendali,
    batchId,
  ]);
}

async function storeIssues(db: Sql, districtCode: string, batchId: number, issues: readonly ImportIssue[]): Promise<void> {
  for (let i = 0; i < issues.length; i += 5000) {
    const csv = issues
      .slice(i, i + 5000)
      .map((f) => toCsvLine([districtCode, batchId, f.line, f.column, f.reason, f.code, JSON.stringify(f.params)]))
      .join('');
    await db.copyCsv('import_issue', ['district_code', 'batch_id', 'line', '"column"', 'reason', 'code', 'params'], csv);
  }
}
