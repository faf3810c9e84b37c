/**
 * Facility scorecards as office files (CSV for scripts, XLSX for analysts, PDF for meetings) and the
 * monthly evaluation report (PDF, Indonesian) for the Bupati's meeting with the facility heads: the
 * best and worst facilities, what changed since last month, and the open overdue complaints. The house
 * PDF style of src/modules/coverage/export.ts (A4, Helvetica, a shaded table header, page numbers).
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import Papa from 'papaparse';
import { formatDateTimeId, formatNumberId, isoDateIn } from '../../domain/format.ts';
import type { ScorecardReport } from '../../domain/quality/scorecard.ts';
import type { OverdueComplaint } from './scorecard-repository.ts';
import type { ScorecardView, ScorecardViewRow } from './scorecard-service.ts';

export type ScorecardFormat = 'csv' | 'xlsx' | 'pdf';

export interface ExportedFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPES: Record<ScorecardFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** `2026-03` → "Maret 2026". */
export function monthNameId(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTHS_ID[Number(m) - 1]} ${y}`;
}

function decimal(value: number | null, digits = 1): string {
  if (value === null) return '–';
  return value.toLocaleString('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function met(value: boolean | null): string {
  return value === null ? '–' : value ? 'Ya' : 'Tidak';
}

/** The contract CARD flattened (kbk booleans as kbk_ak, kbk_rrns, kbk_rppt), one line per facility. */
const CSV_FIELDS = [
  'kode', 'nama', 'jenis', 'registered', 'contacts', 'angkaKontak', 'referrals', 'nonSpecialistReferrals', 'rrns',
  'prolanis', 'prolanisControlled', 'rppt', 'visitsJkn', 'visitsUmum', 'waitJknMinutes', 'waitUmumMinutes',
  'waitGapMinutes', 'complaints', 'complaintsPer10kVisits',
] as const;

export function scorecardCsv(report: ScorecardReport): Buffer {
  const data = report.rows.map((r) => [...CSV_FIELDS.map((f) => r[f] ?? ''), r.kbk.ak ?? '', r.kbk.rrns ?? '', r.kbk.rppt ?? '']);
  const text = Papa.unparse({ fields: [...CSV_FIELDS, 'kbk_ak', 'kbk_rrns', 'kbk_rppt'], data }, { newline: '\r\n' });
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

interface Col {
  label: string;
  width: number;
  align: 'left' | 'right';
  value: (r: ScorecardViewRow) => string | number | null;
  xlsx?: string;
}

const COLUMNS: Col[] = [
  { label: 'Peringkat', width: 40, align: 'right', value: (r) => r.rank },
  { label: 'Kode', width: 58, align: 'left', value: (r) => r.kode },
  { label: 'Nama', width: 0, align: 'left', value: (r) => r.nama },
  { label: 'Kecamatan', width: 70, align: 'left', value: (r) => r.kecamatanName ?? '' },
  { label: 'Peserta aktif', width: 52, align: 'right', value: (r) => r.registered, xlsx: '#,##0' },
  { label: 'Angka kontak (‰)', width: 52, align: 'right', value: (r) => r.angkaKontak, xlsx: '0.0' },
  { label: 'RRNS (%)', width: 42, align: 'right', value: (r) => r.rrns, xlsx: '0.00' },
  { label: 'RPPT (%)', width: 42, align: 'right', value: (r) => r.rppt, xlsx: '0.0' },
  { label: 'Skor KBK', width: 40, align: 'right', value: (r) => r.kbkProjection.score, xlsx: '0.0' },
  { label: 'Kapitasi (%)', width: 46, align: 'right', value: (r) => r.kbkProjection.capitationShare, xlsx: '0' },
  { label: 'Tunggu JKN (mnt)', width: 50, align: 'right', value: (r) => r.waitJknMinutes, xlsx: '0.0' },
  { label: 'Selisih tunggu (mnt)', width: 50, align: 'right', value: (r) => r.waitGapMinutes, xlsx: '0.0' },
  { label: 'Pengaduan /10.000', width: 52, align: 'right', value: (r) => r.complaintsPer10kVisits, xlsx: '0.0' },
];

function cellText(c: Col, r: ScorecardViewRow): string {
  const v = c.value(r);
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  if (c.label === 'Peringkat' || c.label === 'Peserta aktif' || c.label === 'Kapitasi (%)') return formatNumberId(v);
  return decimal(v, c.label === 'RRNS (%)' ? 2 : 1);
}

async function scorecardXlsx(view: ScorecardView, districtName: string, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SMART JKN';
  workbook.created = generatedAt;
  const sheet = workbook.addWorksheet('Rapor faskes');
  sheet.addRow([`Rapor Kinerja FKTP — ${districtName} — ${monthNameId(view.month)}`]).font = { bold: true, size: 14 };
  sheet.addRow([`Acuan KBK: ${view.kbkSource}`]);
  sheet.addRow([]);
  const header = sheet.addRow([...COLUMNS.map((c) => c.label), 'AK tercapai', 'RRNS tercapai', 'RPPT tercapai']);
  header.font = { bold: true };
  for (const r of [...view.rows].sort((a, b) => a.rank - b.rank)) {
    sheet.addRow([...COLUMNS.map((c) => c.value(r)), met(r.kbk.ak), met(r.kbk.rrns), met(r.kbk.rppt)]);
  }
  COLUMNS.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = c.width === 0 ? 30 : 13;
    if (c.xlsx) col.eachCell((cell, n) => n > header.number && (cell.numFmt = c.xlsx!));
  });
  const district = sheet.addRow([]);
  void district;
  sheet.addRow([
    `Rujukan JKN dari FKTP kabupaten: ${view.district.referrals}; ke luar kabupaten: ${view.district.referralsOut} (${decimal(view.district.referralsOutShare === null ? null : view.district.referralsOutShare * 100)} %)`,
  ]);
  sheet.views = [{ state: 'frozen', xSplit: 3, ySplit: header.number }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const MARGIN = 36;
const FONT = 8;
const ROW = 13;
const HEADER = 24;
const HEADER_FILL = '#d9e2ec';
const RULE = '#b0b8c0';

function newDoc(title: string, generatedAt: Date, layout: 'landscape' | 'portrait') {
  const doc = new PDFDocument({ size: 'A4', layout, margin: MARGIN, bufferPages: true, info: { Title: title, Author: 'SMART JKN', CreationDate: generatedAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** A table with a shaded header that starts again on each new page. */
function table(doc: PDFKit.PDFDocument, columns: { label: string; width: number; align: 'left' | 'right' }[], rows: string[][]) {
  const left = MARGIN;
  const contentWidth = doc.page.width - 2 * MARGIN;
  const fixed = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width === 0 ? contentWidth - fixed : c.width));
  const bottom = doc.page.height - MARGIN - 16;
  let y = doc.y + 4;
  const cells = (values: string[], top: number, height: number) => {
    let x = left;
    values.forEach((value, i) => {
      doc.text(value, x + 3, top + 3, { width: widths[i]! - 6, height: height - 2, align: columns[i]!.align, ellipsis: true });
      x += widths[i]!;
    });
  };
  const head = () => {
    doc.rect(left, y, contentWidth, HEADER).fill(HEADER_FILL).fillColor('black');
    doc.font('Helvetica-Bold').fontSize(FONT);
    cells(columns.map((c) => c.label), y, HEADER);
    y += HEADER;
  };
  head();
  for (const row of rows) {
    if (y + ROW > bottom) {
      doc.addPage();
      y = MARGIN;
      head();
    }
    doc.font('Helvetica').fontSize(FONT);
    cells(row, y, ROW);
    doc.moveTo(left, y + ROW).lineTo(left + contentWidth, y + ROW).lineWidth(0.3).strokeColor(RULE).stroke();
    y += ROW;
  }
  doc.x = left;
  doc.y = y + 8;
}

function pageNumbers(doc: PDFKit.PDFDocument) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    doc
      .font('Helvetica')
      .fontSize(FONT)
      .text(`Halaman ${i - start + 1} dari ${count}`, MARGIN, doc.page.height - MARGIN - 12, { width: doc.page.width - 2 * MARGIN, align: 'right', lineBreak: false });
  }
}

async function scorecardPdf(view: ScorecardView, districtName: string, timeZone: string, generatedAt: Date): Promise<Buffer> {
  const title = `Rapor Kinerja FKTP — ${districtName}`;
  const { doc, done } = newDoc(title, generatedAt, 'landscape');
  doc.font('Helvetica-Bold').fontSize(14).text(title);
  doc.font('Helvetica').fontSize(9).text(`Bulan: ${monthNameId(view.month)} · Dibuat: ${formatDateTimeId(generatedAt, timeZone)}`);
  table(
    doc,
    COLUMNS.map(({ label, width, align }) => ({ label, width, align })),
    [...view.rows].sort((a, b) => a.rank - b.rank || a.kode.localeCompare(b.kode)).map((r) => COLUMNS.map((c) => cellText(c, r))),
  );
  doc.font('Helvetica').fontSize(8).text(`Acuan KBK: ${view.kbkSource}`);
  pageNumbers(doc);
  doc.end();
  return done;
}

export async function exportScorecards(
  report: ScorecardReport,
  view: ScorecardView,
  format: ScorecardFormat,
  options: { districtName: string; timeZone: string; generatedAt?: Date },
): Promise<ExportedFile> {
  const generatedAt = options.generatedAt ?? new Date();
  const body =
    format === 'csv'
      ? scorecardCsv(report)
      : format === 'xlsx'
        ? await scorecardXlsx(view, options.districtName, generatedAt)
        : await scorecardPdf(view, options.districtName, options.timeZone, generatedAt);
  return { body, contentType: CONTENT_TYPES[format], fileName: `rapor-faskes-${view.month}.${format}` };
}

const CATEGORY_ID: Record<string, string> = {
  TIDAK_RAMAH: 'Petugas tidak ramah',
  DIMINTA_KARTU: 'Diminta kartu/fotokopi',
  DIMINTA_BAYAR: 'Diminta membayar',
  DITOLAK: 'Ditolak atau ditunda',
  DIBEDAKAN: 'Dibedakan dari pasien umum',
  ANTRE_LAMA: 'Antre lama',
  OBAT_KOSONG: 'Obat kosong',
  LAINNYA: 'Lainnya',
};

const BEST_WORST = 5;

function dateText(value: string | Date, timeZone: string): string {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : isoDateIn(d, timeZone);
}

/** Facilities with visits in the month, best KBK score first (then fewer complaints per visit, then kode). */
export function rankedWithVisits(view: ScorecardView): ScorecardViewRow[] {
  return view.rows
    .filter((r) => r.visitsJkn + r.visitsUmum > 0)
    .sort(
      (a, b) =>
        b.kbkProjection.score - a.kbkProjection.score ||
        (a.complaintsPer10kVisits ?? 0) - (b.complaintsPer10kVisits ?? 0) ||
        (a.kode < b.kode ? -1 : 1),
    );
}

/** The monthly evaluation (PDF, Indonesian). `overdue` null: the complaint register is not there. */
export async function evaluationReport(
  view: ScorecardView,
  overdue: OverdueComplaint[] | null,
  options: { districtName: string; timeZone: string; generatedAt?: Date; facilityNames?: Map<string, string> },
): Promise<ExportedFile> {
  const generatedAt = options.generatedAt ?? new Date();
  const title = `Laporan Evaluasi Bulanan Fasilitas Kesehatan — ${options.districtName}`;
  const { doc, done } = newDoc(title, generatedAt, 'portrait');
  doc.font('Helvetica-Bold').fontSize(14).text(title);
  doc.font('Helvetica').fontSize(9).text(`Bulan: ${monthNameId(view.month)} · Dibuat: ${formatDateTimeId(generatedAt, options.timeZone)}`);
  doc.text('Untuk rapat Bupati dengan kepala fasilitas kesehatan.');
  doc.moveDown(0.6);

  const ranked = rankedWithVisits(view);
  const met3 = ranked.filter((r) => r.kbk.ak && r.kbk.rrns !== false && r.kbk.rppt).length;
  const share = view.district.referralsOutShare;
  doc.font('Helvetica-Bold').fontSize(11).text('Ringkasan');
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      `${formatNumberId(ranked.length)} FKTP melapor kunjungan; ${formatNumberId(met3)} memenuhi semua target KBK. ` +
        `Rujukan JKN dari FKTP kabupaten: ${formatNumberId(view.district.referrals)}, di antaranya ${formatNumberId(view.district.referralsOut)} ke luar kabupaten` +
        `${share === null ? '' : ` (${decimal(share * 100)} %)`}.`,
    );
  doc.moveDown(0.6);

  const columns = [
    { label: 'Kode', width: 60, align: 'left' as const },
    { label: 'Nama', width: 0, align: 'left' as const },
    { label: 'Skor KBK', width: 45, align: 'right' as const },
    { label: 'AK (‰)', width: 45, align: 'right' as const },
    { label: 'RRNS (%)', width: 45, align: 'right' as const },
    { label: 'RPPT (%)', width: 45, align: 'right' as const },
    { label: 'Selisih tunggu (mnt)', width: 60, align: 'right' as const },
    { label: 'Pengaduan', width: 50, align: 'right' as const },
  ];
  const line = (r: ScorecardViewRow) => [
    r.kode,
    r.nama,
    decimal(r.kbkProjection.score),
    decimal(r.angkaKontak),
    decimal(r.rrns, 2),
    decimal(r.rppt),
    decimal(r.waitGapMinutes),
    formatNumberId(r.complaints),
  ];
  // The best and the worst never overlap: with few facilities, the upper half and the lower half.
  const bestCount = Math.min(BEST_WORST, Math.ceil(ranked.length / 2));
  const worstCount = Math.min(BEST_WORST, ranked.length - bestCount);
  doc.font('Helvetica-Bold').fontSize(11).text('Fasilitas terbaik');
  table(doc, columns, ranked.slice(0, bestCount).map(line));
  doc.font('Helvetica-Bold').fontSize(11).text('Fasilitas yang perlu perhatian');
  table(doc, columns, ranked.slice(ranked.length - worstCount).reverse().map(line));

  doc.font('Helvetica-Bold').fontSize(11).text(`Perubahan sejak ${monthNameId(view.previousMonth)}`);
  const changed = ranked
    .filter((r) => r.previousScore !== null && r.previousScore !== r.kbkProjection.score)
    .sort((a, b) => Math.abs(b.kbkProjection.score - b.previousScore!) - Math.abs(a.kbkProjection.score - a.previousScore!));
  if (changed.length === 0) doc.font('Helvetica').fontSize(9).text('Tidak ada perubahan skor KBK dibanding bulan lalu (atau bulan lalu belum ada data).');
  else {
    table(
      doc,
      [
        { label: 'Kode', width: 60, align: 'left' },
        { label: 'Nama', width: 0, align: 'left' },
        { label: 'Skor bulan lalu', width: 70, align: 'right' },
        { label: 'Skor bulan ini', width: 70, align: 'right' },
        { label: 'Perubahan', width: 60, align: 'right' },
      ],
      changed.map((r) => {
        const d = r.kbkProjection.score - r.previousScore!;
        return [r.kode, r.nama, decimal(r.previousScore), decimal(r.kbkProjection.score), `${d > 0 ? 'naik' : 'turun'} ${decimal(Math.abs(d))}`];
      }),
    );
  }
  doc.moveDown(0.4);
  doc.font('Helvetica-Bold').fontSize(11).text('Pengaduan terbuka yang melewati batas waktu');
  if (overdue === null) {
    doc.font('Helvetica').fontSize(9).text('Belum ada pengaduan tercatat: register pengaduan belum tersedia di sistem ini.');
  } else if (overdue.length === 0) {
    doc.font('Helvetica').fontSize(9).text('Tidak ada pengaduan terbuka yang melewati batas waktu.');
  } else {
    table(
      doc,
      [
        { label: 'Fasilitas', width: 0, align: 'left' },
        { label: 'Kategori', width: 130, align: 'left' },
        { label: 'Diterima', width: 90, align: 'left' },
        { label: 'Batas waktu', width: 90, align: 'left' },
      ],
      overdue.map((c) => [
        c.facilityCode ? `${c.facilityCode} ${options.facilityNames?.get(c.facilityCode) ?? ''}`.trim() : 'Dinas/kantor',
        c.category ? (CATEGORY_ID[c.category] ?? c.category) : '–',
        dateText(c.receivedAt, options.timeZone),
        dateText(c.dueAt, options.timeZone),
      ]),
    );
  }
  doc.moveDown(0.4);
  doc.font('Helvetica').fontSize(7).text(`Acuan KBK: ${view.kbkSource}`);
  pageNumbers(doc);
  doc.end();
  return { body: await done, contentType: CONTENT_TYPES.pdf, fileName: `evaluasi-faskes-${view.month}.pdf` };
}
