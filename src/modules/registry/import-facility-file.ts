/**
 * Import a `faskes` or `kunjungan` file (formats.md, issue 15), with the rules of every import: all or
 * nothing by default, every bad row reported with line, column and reason, `skipInvalid` keeps the
 * valid rows, the same file again changes nothing.
 *
 * - `faskes` replaces the district's facilities (small: read whole, one transaction).
 * - `kunjungan` ADDS: it replaces only the facility-months it contains (by `kode_faskes` and the month
 *   of `tanggal`). One transaction: the rows are copied into `visit` as the file is read (under a new
 *   batch id), then the older visits of those facility-months are deleted; a rejected file rolls it all
 *   back. Memory: 12 bytes a row (a hash of the key and its line), to find a repeated key.
 *
 * Self-contained on purpose (it shares only the CSV reader and the batch/issue tables with the
 * population imports), so the registry's own import internals can change without it.
 */
import path from 'node:path';
import type { Database, Sql } from '../../db/client.ts';
import { toCsvLine } from '../../db/copy-text.ts';
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
const COPY_CHUNK_BYTES = 2 * 1024 * 1024;

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
  /** Whether the record being parsed came as plain bytes (no quotes: no field needs quoting for COPY). */
  let plain = false;
  let rowsValid = 0;
  let headerOk = false;
  let sawHeader = false;
  const columns = request.source === 'faskes' ? FASKES_COLUMNS : KUNJUNGAN_COLUMNS;

  /** Reads the file; each valid row goes to `row` with its line. */
  const read = async (row: (field: FieldReader, line: number, rowIssues: RowIssue[]) => void, pieceDone: () => Promise<void>) => {
    // Positions by column name in a plain object with the source's fixed keys (faster than a Map per field).
    let index: Record<string, number> = Object.create(null);
    let fields: string[] = [];
    const field: FieldReader = (name) => {
      const i = index[name];
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
        index = Object.create(null);
        for (const c of columns) {
          const at = names.indexOf(c.name);
          if (at >= 0) index[c.name] = at;
          else if (c.required) report({ line: record.line, column: c.name, ...issue('header_missing', { column: c.name }) });
        }
        headerOk = columns.every((c) => !c.required || c.name in index);
        return headerOk;
      },
      accepts: () => true,
      take(record: PlainRecord) {
        fields = new Array(record.starts.length);
        for (let i = 0; i < record.starts.length; i++) fields[i] = record.bytes.toString('utf8', record.starts[i], record.ends[i]);
        plain = true;
        one(record.line);
      },
      record(record: CsvRecord) {
        fields = record.fields;
        plain = false;
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
          dates: new Map<string, boolean>(),
        };
        // The keys (kode_faskes, id) as 52-bit hashes with their lines, in typed arrays: no string is kept
        // per row (3 M kept strings cost the main thread more in collections than the checks themselves).
        const tally = new KeyTally();
        const months = new Map<string, Set<string>>();
        let lastKode = '';
        let lastMonth = '\u0000';
        const districtPrefix = toCsvLine([districtCode]).slice(0, -1);
        const batchSuffix = `,${batchId}\n`;
        // Rows are written as bytes into a fresh buffer per COPY statement, so that each row's text dies
        // young instead of being kept in a long string until the statement.
        let buffer = Buffer.allocUnsafeSlow(COPY_CHUNK_BYTES + 64 * 1024);
        let used = 0;
        let copying: Promise<void> = Promise.resolve();
        const flush = async () => {
          await copying;
          if (used === 0) return;
          const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, used);
          buffer = Buffer.allocUnsafeSlow(COPY_CHUNK_BYTES + 64 * 1024);
          used = 0;
          copying = tx.copyCsv('visit', VISIT_DB, bytes);
        };
        const append = (text: string) => {
          if (used + text.length * 3 > buffer.length) {
            const bigger = Buffer.allocUnsafeSlow(Math.max(2 * buffer.length, used + text.length * 3));
            buffer.copy(bigger, 0, 0, used);
            buffer = bigger;
          }
          used += buffer.write(text, used);
        };
        await read(
          (field, line, rowIssues) => {
            const v = parseKunjungan(field, context, rowIssues);
            if (!v) return;
            tally.add(v.kodeFaskes, v.id, line);
            rowsValid++;
            // Files come grouped by facility and month: the set is touched only when they change.
            if (v.kodeFaskes !== lastKode || !v.tanggal.startsWith(lastMonth)) {
              lastKode = v.kodeFaskes;
              lastMonth = v.tanggal.slice(0, 7);
              let m = months.get(v.kodeFaskes);
              if (!m) months.set(v.kodeFaskes, (m = new Set()));
              m.add(lastMonth);
            }
            append(plain ? plainVisitCsv(districtPrefix, batchSuffix, v) : visitCsv(districtCode, batchId, v));
          },
          async () => {
            if (used >= COPY_CHUNK_BYTES) await flush();
          },
        );
        await flush();
        await copying;
        // Repeated keys: the tally names the lines whose hashes repeat; their keys are read back from the
        // file (a second pass only when there are any) and every line of a really repeated key is reported.
        const repeated = await repeatedKeys(request.filePath, tally.suspectLines());
        for (const [key, lines] of repeated) {
          const [kode, id] = key.split('\t') as [string, string];
          for (const line of lines) {
            report({ line, column: 'id', ...issue('key_duplicate', { key: `(kode_faskes ${kode}, id ${id})`, lines: lines.filter((l) => l !== line).join(', ') }) });
          }
          rowsValid -= lines.length;
        }
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
      ...(request.source === 'kunjungan' && status === 'committed' ? { facilityMonths } : {}),
    };
  }
}

const CSV_SPECIAL = /[",\r\n]/;

/**
 * The COPY line of a visit from a plain record: its fields hold no quote, comma or line break, and
 * every empty value is null. (A value with a carriage return falls back to visitCsv.)
 */
function plainVisitCsv(districtPrefix: string, batchSuffix: string, v: VisitRow): string {
  if (CSV_SPECIAL.test(v.id) || CSV_SPECIAL.test(v.kodeFaskes)) return visitCsv(districtPrefix, Number(batchSuffix.slice(1, -1)), v);
  return `${districtPrefix},${v.kodeFaskes},${v.tanggal},${v.id},${v.nik},${v.jenisPasien},${v.jamDaftar ?? ''},${v.jamLayan ?? ''},${v.diagnosa ?? ''},${v.rujuk ? 't' : 'f'},${v.tujuanRujukan ?? ''},${v.prolanis ?? ''},${v.terkendali === null ? '' : v.terkendali ? 't' : 'f'}${batchSuffix}`;
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

/** 52-bit hashes of the keys (two 32-bit FNV-1a of different bases) and their lines, growing as needed. */
class KeyTally {
  private hashes = new Float64Array(1 << 16);
  private lines = new Int32Array(1 << 16);
  private size = 0;

  add(kode: string, id: string, line: number): void {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ 0x5bd1e995;
    const mix = (text: string) => {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
    };
    mix(kode);
    a = Math.imul(a ^ 9, 0x01000193);
    b = Math.imul(b ^ 9, 0x5bd1e995);
    mix(id);
    if (this.size === this.hashes.length) {
      const hashes = new Float64Array(this.size * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const lines = new Int32Array(this.size * 2);
      lines.set(this.lines);
      this.lines = lines;
    }
    this.hashes[this.size] = (b >>> 12) * 4294967296 + (a >>> 0);
    this.lines[this.size++] = line;
  }

  /** The lines whose hash occurs more than once (sorted). */
  suspectLines(): Set<number> {
    const sorted = this.hashes.slice(0, this.size).sort();
    const repeated = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]!);
    const lines = new Set<number>();
    if (repeated.size === 0) return lines;
    for (let i = 0; i < this.size; i++) if (repeated.has(this.hashes[i]!)) lines.add(this.lines[i]!);
    return lines;
  }
}

/** The keys `kode\tid` of the given lines that occur on more than one of them, with their lines. */
async function repeatedKeys(filePath: string, lines: ReadonlySet<number>): Promise<Map<string, number[]>> {
  const byKey = new Map<string, number[]>();
  if (lines.size === 0) return byKey;
  let kodeAt = -1;
  let idAt = -1;
  const take = (line: number, field: (i: number) => string) => {
    if (!lines.has(line)) return;
    const key = `${field(kodeAt).trim()}\t${field(idAt).trim()}`;
    byKey.set(key, [...(byKey.get(key) ?? []), line]);
  };
  await readCsv(filePath, {
    header(record) {
      const names = normaliseHeader(record.fields);
      kodeAt = names.indexOf('kode_faskes');
      idAt = names.indexOf('id');
      return true;
    },
    accepts: () => true,
    take: (record) => take(record.line, (i) => record.bytes.toString('utf8', record.starts[i], record.ends[i])),
    record: (record) => take(record.line, (i) => record.fields[i] ?? ''),
    pieceDone: async () => undefined,
  });
  for (const [key, found] of byKey) if (found.length < 2) byKey.delete(key);
  return byKey;
}
