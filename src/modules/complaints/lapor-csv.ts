/**
 * The SP4N-LAPOR! export this app accepts (README "Complaints": the columns): parsing and mapping, pure.
 * Row errors name the line, the column and the reason.
 */
import Papa from 'papaparse';
import { type ComplaintCategory, type ComplaintSeverity, isComplaintCategory, isComplaintSeverity } from '../../domain/quality/complaints.ts';
import { endOfLocalDay } from '../../domain/quality/working-days.ts';

export const LAPOR_COLUMNS = ['id_laporan', 'tanggal', 'kategori', 'isi', 'kode_faskes', 'tingkat'] as const;
const REQUIRED = ['id_laporan', 'tanggal', 'kategori', 'isi'] as const;
export const LAPOR_MAX_ROWS = 10_000;

/**
 * LAPOR!'s category (or sub-category) text → ours: our own code as it is, else the first rule whose
 * word occurs in the lower-cased text, else LAINNYA. In this order, so "pungutan biaya antrean" is
 * DIMINTA_BAYAR.
 */
export const LAPOR_CATEGORY_RULES: readonly [RegExp, ComplaintCategory][] = [
  [/pungut|pungli|biaya|bayar|tarif/, 'DIMINTA_BAYAR'],
  [/tolak|penolakan|ditunda|rujukan ditolak/, 'DITOLAK'],
  [/diskrimin|dibedakan|perbedaan perlakuan|pasien umum/, 'DIBEDAKAN'],
  [/kartu|fotokopi|fotocopy|persyaratan|administrasi/, 'DIMINTA_KARTU'],
  [/obat/, 'OBAT_KOSONG'],
  [/antre|antri|tunggu|lama/, 'ANTRE_LAMA'],
  [/ramah|sikap|etika|perilaku|kasar/, 'TIDAK_RAMAH'],
];

export function mapLaporCategory(text: string): ComplaintCategory {
  const code = text.trim().toUpperCase().replace(/[\s-]+/g, '_');
  if (isComplaintCategory(code)) return code;
  const lower = text.toLowerCase();
  return LAPOR_CATEGORY_RULES.find(([re]) => re.test(lower))?.[1] ?? 'LAINNYA';
}

export interface LaporRow {
  line: number;
  externalId: string;
  receivedAt: Date;
  category: ComplaintCategory;
  severity: ComplaintSeverity | undefined;
  description: string;
  facilityCode: string | null;
}

export interface RowIssue {
  line: number;
  column: string;
  reason: string;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A local date (or date and time) of the district as an instant; null when it is no such date. */
export function localInstant(text: string, timeZone: string): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const date = `${y}-${mo}-${d}`;
  if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date || +h > 23 || +mi > 59 || +s > 59) return null;
  const end = endOfLocalDay(date, timeZone);
  const offset = end.getTime() - Date.UTC(+y, +mo - 1, +d, 23, 59, 59, 999);
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) + offset);
}

export function parseLaporCsv(text: string, timeZone: string, now: Date): { rows: LaporRow[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...records] = parsed.data;
  if (!header) return { rows: [], issues: [{ line: 1, column: '', reason: 'the file is empty' }] };
  const names = header.map((h) => h.trim().toLowerCase());
  for (const col of REQUIRED) if (!names.includes(col)) issues.push({ line: 1, column: col, reason: 'required column missing' });
  if (records.length > LAPOR_MAX_ROWS) issues.push({ line: LAPOR_MAX_ROWS + 2, column: '', reason: `at most ${LAPOR_MAX_ROWS} rows a file` });
  if (issues.length) return { rows: [], issues };
  const at = (r: string[], col: string) => (names.indexOf(col) >= 0 ? (r[names.indexOf(col)] ?? '').trim() : '');
  const seen = new Map<string, number>();
  const rows: LaporRow[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const problem = (column: string, reason: string) => issues.push({ line, column, reason });
    if (r.length !== header.length) problem('', `${r.length} fields, the header has ${header.length}`);
    const externalId = at(r, 'id_laporan');
    if (!externalId) problem('id_laporan', 'empty');
    else if (externalId.length > 64) problem('id_laporan', 'longer than 64 characters');
    else if (seen.has(externalId)) problem('id_laporan', `the same as line ${seen.get(externalId)}`);
    else seen.set(externalId, line);
    const receivedAt = localInstant(at(r, 'tanggal'), timeZone);
    if (!receivedAt) problem('tanggal', `"${at(r, 'tanggal')}" is not a date YYYY-MM-DD (or YYYY-MM-DD HH:MM)`);
    else if (receivedAt.getTime() > now.getTime()) problem('tanggal', 'in the future');
    const kategori = at(r, 'kategori');
    if (!kategori) problem('kategori', 'empty');
    const description = at(r, 'isi');
    if (!description) problem('isi', 'empty');
    else if (description.length > 5000) problem('isi', 'longer than 5000 characters');
    const tingkat = at(r, 'tingkat').toUpperCase();
    if (tingkat && !isComplaintSeverity(tingkat)) problem('tingkat', `"${tingkat}" is none of RENDAH, SEDANG, TINGGI`);
    const facility = at(r, 'kode_faskes');
    if (facility.length > 32) problem('kode_faskes', 'longer than 32 characters');
    rows.push({
      line,
      externalId,
      receivedAt: receivedAt ?? now,
      category: mapLaporCategory(kategori),
      severity: tingkat && isComplaintSeverity(tingkat) ? tingkat : undefined,
      description,
      facilityCode: facility || null,
    });
  });
  return { rows, issues };
}
