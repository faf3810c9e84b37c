/**
 * The coverage report as office files: CSV for scripts, XLSX for analysts, PDF for meetings.
 * Indonesian by default; English labels on request (figures keep the id-ID format).
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import Papa from 'papaparse';
import type { CoverageLevel, CoverageReportDetail, CoverageRowDetail } from '../../domain/coverage.ts';
import { formatDateId, formatDateTimeId, formatNumberId, formatPercentId, isoDateIn } from '../../domain/format.ts';
import { INACTIVE_REASONS, SEGMENTS, type InactiveReason } from '../../domain/membership.ts';
import type { UhcCategory } from '../../domain/uhc-award.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';
export type ExportLanguage = 'id' | 'en';

export interface ExportOptions {
  districtName: string;
  /** The district's IANA time zone: the report's dates and its time of making are shown there. */
  timeZone: string;
  language?: ExportLanguage;
  generatedAt?: Date;
}

export interface ExportedFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

type ColumnKey =
  | 'code'
  | 'name'
  | 'population'
  | 'registered'
  | 'active'
  | 'coverage'
  | 'activeRate'
  | 'activeOfRegistered'
  | 'unregistered'
  | 'inactive';

interface Labels {
  filePrefix: string;
  title: string;
  coverageSheet: string;
  reasonSheet: string;
  asOf: string;
  noData: string;
  generatedAt: string;
  level: string;
  levels: Record<CoverageLevel, string>;
  uhcCategory: string;
  categories: Record<UhcCategory, string>;
  highest: string;
  toReach: (category: string, activations: string | null) => string;
  columns: Record<ColumnKey, string>;
  segmentRegistered: string;
  segmentActive: string;
  reasons: Record<InactiveReason, string>;
  page: (page: number, pages: number) => string;
}

const LABELS: Record<ExportLanguage, Labels> = {
  id: {
    filePrefix: 'cakupan',
    title: 'Laporan Cakupan dan Keaktifan JKN',
    coverageSheet: 'Cakupan',
    reasonSheet: 'Alasan nonaktif',
    asOf: 'Data per',
    noData: 'belum ada data',
    generatedAt: 'Dibuat',
    level: 'Tingkat',
    levels: { kabupaten: 'Kabupaten', kecamatan: 'Kecamatan', desa: 'Desa/kelurahan' },
    uhcCategory: 'Kategori UHC Award',
    categories: { UTAMA: 'Utama', MADYA: 'Madya', PRATAMA: 'Pratama', NONE: 'Belum memenuhi' },
    highest: 'kategori tertinggi sudah tercapai',
    toReach: (category, activations) =>
      activations === null
        ? `${category} tidak dapat dicapai dengan aktivasi saja`
        : `untuk ${category} perlu ${activations} penduduk nonaktif atau belum terdaftar menjadi aktif`,
    columns: {
      code: 'Kode',
      name: 'Nama',
      population: 'Penduduk',
      registered: 'Terdaftar',
      active: 'Aktif',
      coverage: 'Cakupan',
      activeRate: 'Keaktifan',
      activeOfRegistered: 'Aktif dari terdaftar',
      unregistered: 'Belum terdaftar',
      inactive: 'Nonaktif',
    },
    segmentRegistered: 'terdaftar',
    segmentActive: 'aktif',
    reasons: {
      TUNGGAKAN: 'Tunggakan',
      PENANGGUHAN: 'Iuran pertama belum dibayar',
      PBI_DINONAKTIFKAN: 'PBI dinonaktifkan',
      PPU_BERHENTI: 'Berhenti bekerja (PPU)',
      MENINGGAL: 'Meninggal',
      DATA_GANDA: 'Data ganda',
      LAINNYA: 'Lainnya',
    },
    page: (page, pages) => `Halaman ${page} dari ${pages}`,
  },
  en: {
    filePrefix: 'coverage',
    title: 'JKN Coverage and Active Membership Report',
    coverageSheet: 'Coverage',
    reasonSheet: 'Inactive reasons',
    asOf: 'Data as of',
    noData: 'no data yet',
    generatedAt: 'Generated',
    level: 'Level',
    levels: { kabupaten: 'District', kecamatan: 'Kecamatan', desa: 'Desa/kelurahan' },
    uhcCategory: 'UHC Award category',
    categories: { UTAMA: 'Utama', MADYA: 'Madya', PRATAMA: 'Pratama', NONE: 'Not met' },
    highest: 'the highest category is reached',
    toReach: (category, activations) =>
      activations === null
        ? `${category} cannot be reached by activations alone`
        : `${category} needs ${activations} inactive or unregistered residents to become active`,
    columns: {
      code: 'Code',
      name: 'Name',
      population: 'Population',
      registered: 'Registered',
      active: 'Active',
      coverage: 'Coverage',
      activeRate: 'Active rate',
      activeOfRegistered: 'Active of registered',
      unregistered: 'Unregistered',
      inactive: 'Inactive',
    },
    segmentRegistered: 'registered',
    segmentActive: 'active',
    reasons: {
      TUNGGAKAN: 'Arrears',
      PENANGGUHAN: 'First premium not paid',
      PBI_DINONAKTIFKAN: 'PBI deactivated',
      PPU_BERHENTI: 'Employment ended (PPU)',
      MENINGGAL: 'Deceased',
      DATA_GANDA: 'Duplicate record',
      LAINNYA: 'Other',
    },
    page: (page, pages) => `Page ${page} of ${pages}`,
  },
};

type ColumnKind = 'text' | 'count' | 'ratio';

/** `key` names the CSV column; `label` heads the XLSX and PDF columns. */
interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
  value: (row: CoverageRowDetail) => string | number;
}

function column(labels: Labels, key: ColumnKey, kind: ColumnKind): Column {
  return { key, label: labels.columns[key], kind, value: (row) => row[key] };
}

/** The contract's ROW flattened: the CSV, the XLSX coverage sheet. */
function coverageColumns(labels: Labels): Column[] {
  return [
    column(labels, 'code', 'text'),
    column(labels, 'name', 'text'),
    column(labels, 'population', 'count'),
    column(labels, 'registered', 'count'),
    column(labels, 'active', 'count'),
    column(labels, 'coverage', 'ratio'),
    column(labels, 'activeRate', 'ratio'),
    column(labels, 'activeOfRegistered', 'ratio'),
    ...SEGMENTS.flatMap((segment): Column[] => {
      const name = segment.replace('_', ' ');
      return [
        {
          key: `${segment}_registered`,
          label: `${name} ${labels.segmentRegistered}`,
          kind: 'count',
          value: (row) => row.bySegment[segment].registered,
        },
        {
          key: `${segment}_active`,
          label: `${name} ${labels.segmentActive}`,
          kind: 'count',
          value: (row) => row.bySegment[segment].active,
        },
      ];
    }),
  ];
}

function reasonColumns(labels: Labels): Column[] {
  return [
    column(labels, 'code', 'text'),
    column(labels, 'name', 'text'),
    column(labels, 'inactive', 'count'),
    ...INACTIVE_REASONS.map(
      (reason): Column => ({ key: reason, label: labels.reasons[reason], kind: 'count', value: (row) => row.byReason[reason] }),
    ),
  ];
}

/** The PDF leaves segments to the spreadsheet and shows the gaps to close instead. */
function pdfColumns(labels: Labels): Column[] {
  return [
    column(labels, 'code', 'text'),
    column(labels, 'name', 'text'),
    column(labels, 'population', 'count'),
    column(labels, 'registered', 'count'),
    column(labels, 'active', 'count'),
    column(labels, 'unregistered', 'count'),
    column(labels, 'inactive', 'count'),
    column(labels, 'coverage', 'ratio'),
    column(labels, 'activeRate', 'ratio'),
    column(labels, 'activeOfRegistered', 'ratio'),
  ];
}

/** The area rows; at kabupaten level the only row is the total, which every file prints last. */
function areaRows(report: CoverageReportDetail): CoverageRowDetail[] {
  return report.level === 'kabupaten' ? [] : report.rows;
}

interface Heading {
  title: string;
  lines: string[];
}

function heading(report: CoverageReportDetail, labels: Labels, options: ExportOptions, generatedAt: Date): Heading {
  const { category, next, activationsNeeded } = report.uhcAward;
  const step =
    next === null
      ? labels.highest
      : labels.toReach(labels.categories[next], activationsNeeded === null ? null : formatNumberId(activationsNeeded));
  return {
    title: `${labels.title} — ${options.districtName}`,
    lines: [
      `${labels.asOf}: ${report.asOf === null ? labels.noData : formatDateId(report.asOf, options.timeZone)}`,
      `${labels.generatedAt}: ${formatDateTimeId(generatedAt, options.timeZone)}`,
      `${labels.level}: ${labels.levels[report.level]}`,
      `${labels.uhcCategory}: ${labels.categories[category]}; ${step}`,
    ],
  };
}

export async function exportCoverage(
  report: CoverageReportDetail,
  format: ExportFormat,
  options: ExportOptions,
): Promise<ExportedFile> {
  const labels = LABELS[options.language ?? 'id'];
  const generatedAt = options.generatedAt ?? new Date();
  const head = heading(report, labels, options, generatedAt);
  const body =
    format === 'csv'
      ? toCsv(report)
      : format === 'xlsx'
        ? await toXlsx(report, labels, head, generatedAt)
        : await toPdf(report, labels, head, generatedAt);
  const date = report.asOf ?? isoDateIn(generatedAt, options.timeZone);
  return { body, contentType: CONTENT_TYPES[format], fileName: `${labels.filePrefix}-${report.level}-${date}.${format}` };
}

/** Machine column names and plain numbers, so that any script reads it; the BOM tells Excel it is UTF-8. */
function toCsv(report: CoverageReportDetail): Buffer {
  const columns = coverageColumns(LABELS.id);
  const data = [...areaRows(report), report.total].map((row) => columns.map((c) => c.value(row)));
  const text = Papa.unparse({ fields: columns.map((c) => c.key), data }, { newline: '\r\n' });
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

const XLSX_FORMATS: Record<ColumnKind, string | undefined> = { text: undefined, count: '#,##0', ratio: '0.00%' };
const XLSX_WIDTHS: Record<ColumnKind, number> = { text: 14, count: 13, ratio: 12 };
const XLSX_NAME_WIDTH = 26;

async function toXlsx(report: CoverageReportDetail, labels: Labels, head: Heading, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SMART JKN';
  workbook.created = generatedAt;
  addSheet(workbook, labels.coverageSheet, head, coverageColumns(labels), report);
  addSheet(workbook, labels.reasonSheet, head, reasonColumns(labels), report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, name: string, head: Heading, columns: Column[], report: CoverageReportDetail) {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([head.title]).font = { bold: true, size: 14 };
  for (const line of head.lines) sheet.addRow([line]);
  sheet.addRow([]);

  const header = sheet.addRow(columns.map((c) => c.label));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  const rows = areaRows(report);
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  sheet.addRow(columns.map((c) => c.value(report.total))).font = { bold: true };

  columns.forEach((c, index) => {
    const col = sheet.getColumn(index + 1);
    col.width = c.key === 'name' ? XLSX_NAME_WIDTH : XLSX_WIDTHS[c.kind];
    const numFmt = XLSX_FORMATS[c.kind];
    // Only the table gets the number format; the heading lines above stay plain text.
    if (numFmt) col.eachCell((cell, rowNumber) => rowNumber > header.number && (cell.numFmt = numFmt));
  });
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: header.number }];
  // The filter stops above the total so that sorting never moves the total in among the areas.
  sheet.autoFilter = {
    from: { row: header.number, column: 1 },
    to: { row: header.number + rows.length, column: columns.length },
  };
}

const PDF_MARGIN = 36;
const PDF_FONT_SIZE = 8;
const PDF_ROW_HEIGHT = 13;
const PDF_HEADER_HEIGHT = 22;
const PDF_FOOTER_HEIGHT = 16;
const PDF_FOOTER_GAP = 4;
const PDF_WIDTHS: Record<ColumnKind, number> = { text: 62, count: 62, ratio: 58 };
const PDF_CELL_PADDING = 3;
const PDF_HEADER_FILL = '#d9e2ec';
const PDF_TOTAL_FILL = '#e8eef5';
const PDF_RULE_COLOUR = '#b0b8c0';

function toPdf(report: CoverageReportDetail, labels: Labels, head: Heading, generatedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: PDF_MARGIN,
    bufferPages: true,
    info: { Title: head.title, Author: 'SMART JKN', CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = PDF_MARGIN;
  const contentWidth = doc.page.width - 2 * PDF_MARGIN;
  const bottom = doc.page.height - PDF_MARGIN - PDF_FOOTER_HEIGHT;
  const columns = pdfColumns(labels);
  // The name column takes whatever width the fixed columns leave.
  const fixedWidth = columns.reduce((sum, c) => sum + (c.key === 'name' ? 0 : PDF_WIDTHS[c.kind]), 0);
  const widths = columns.map((c) => (c.key === 'name' ? contentWidth - fixedWidth : PDF_WIDTHS[c.kind]));

  doc.font('Helvetica-Bold').fontSize(14).text(head.title, left, PDF_MARGIN, { width: contentWidth });
  doc.moveDown(0.3).font('Helvetica').fontSize(9);
  for (const line of head.lines) doc.text(line, { width: contentWidth });
  let y = doc.y + 10;

  const drawCells = (values: string[], top: number, height: number) => {
    let x = left;
    values.forEach((value, i) => {
      const options = {
        width: widths[i] - 2 * PDF_CELL_PADDING,
        height: height - 2,
        align: columns[i].kind === 'text' ? 'left' : 'right',
        ellipsis: true,
      } as const;
      // Centre the lines that fit (two in the header, one in a row; the rest ends in an ellipsis).
      const lineHeight = doc.currentLineHeight(true);
      const textHeight = Math.min(doc.heightOfString(value, options), Math.floor(options.height / lineHeight) * lineHeight);
      doc.text(value, x + PDF_CELL_PADDING, top + (height - textHeight) / 2, options);
      x += widths[i];
    });
  };
  const drawHeader = () => {
    doc.rect(left, y, contentWidth, PDF_HEADER_HEIGHT).fill(PDF_HEADER_FILL).fillColor('black');
    doc.font('Helvetica-Bold').fontSize(PDF_FONT_SIZE);
    drawCells(columns.map((c) => c.label), y, PDF_HEADER_HEIGHT);
    y += PDF_HEADER_HEIGHT;
  };
  const drawRow = (row: CoverageRowDetail, isTotal: boolean) => {
    if (y + PDF_ROW_HEIGHT > bottom) {
      doc.addPage();
      y = PDF_MARGIN;
      drawHeader();
    }
    if (isTotal) doc.rect(left, y, contentWidth, PDF_ROW_HEIGHT).fill(PDF_TOTAL_FILL).fillColor('black');
    doc.font(isTotal ? 'Helvetica-Bold' : 'Helvetica').fontSize(PDF_FONT_SIZE);
    drawCells(columns.map((c) => pdfValue(c, row)), y, PDF_ROW_HEIGHT);
    doc
      .moveTo(left, y + PDF_ROW_HEIGHT)
      .lineTo(left + contentWidth, y + PDF_ROW_HEIGHT)
      .lineWidth(0.3)
      .strokeColor(PDF_RULE_COLOUR)
      .stroke();
    y += PDF_ROW_HEIGHT;
  };

  drawHeader();
  for (const row of areaRows(report)) drawRow(row, false);
  drawRow(report.total, true);

  // Page numbers last, once the page count is known. They stay a line above the bottom margin:
  // text reaching into the margin makes pdfkit start a new page.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    doc
      .font('Helvetica')
      .fontSize(PDF_FONT_SIZE)
      .text(labels.page(i - start + 1, count), left, bottom + PDF_FOOTER_GAP, {
        width: contentWidth,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

function pdfValue(column: Column, row: CoverageRowDetail): string {
  const value = column.value(row);
  if (typeof value === 'string') return value;
  return column.kind === 'ratio' ? formatPercentId(value) : formatNumberId(value);
}
