import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { buildCoverageReport, type CoverageCell, type CoverageLevel } from '../../domain/coverage.ts';
import { SEGMENTS } from '../../domain/membership.ts';
import { exportCoverage } from './export.ts';

const DISTRICT = { code: '52.03', name: 'Kabupaten Lombok Timur' };
const KECAMATAN = Array.from({ length: 21 }, (_, i) => ({
  code: `52.03.${String(i + 1).padStart(2, '0')}`,
  name: `Kecamatan ${i + 1}`,
}));
// 254 desa as in Lombok Timur, spread over the 21 kecamatan; one name needs CSV quoting.
const DESA = Array.from({ length: 254 }, (_, i) => ({
  code: `${KECAMATAN[i % 21].code}.${String(2001 + Math.floor(i / 21))}`,
  name: i === 0 ? 'Sukamulia, "Baru"' : `Desa ${i + 1}`,
}));
const CELLS: CoverageCell[] = DESA.flatMap((desa, i): CoverageCell[] => [
  { desaCode: desa.code, segment: 'PBI_APBN', status: 'AKTIF', reason: null, residents: 3000 + i },
  { desaCode: desa.code, segment: 'PBI_APBD', status: 'AKTIF', reason: null, residents: 900 },
  { desaCode: desa.code, segment: 'PBPU', status: 'NONAKTIF', reason: 'TUNGGAKAN', residents: 1200 + (i % 7) },
  { desaCode: desa.code, segment: 'PPU_BU', status: 'NONAKTIF', reason: 'PPU_BERHENTI', residents: 40 },
  { desaCode: desa.code, segment: null, status: null, reason: null, residents: 110 },
]);
const GENERATED_AT = new Date('2025-06-01T02:05:00Z'); // 10.05 WITA

function report(level: CoverageLevel, asOf: string | null = '2025-05-31') {
  return buildCoverageReport(CELLS, DISTRICT, KECAMATAN, DESA, level, asOf);
}

const OPTIONS = { districtName: DISTRICT.name, timeZone: 'Asia/Makassar', generatedAt: GENERATED_AT };

/** The text pdfkit draws, page by page: hex strings of TJ operators in the inflated content streams. */
function pdfPages(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const pages: string[] = [];
  for (const [, stream] of raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    const content = inflateSync(Buffer.from(stream, 'latin1')).toString('latin1');
    const texts = [...content.matchAll(/\[(.*?)\] TJ/g)].map(([, array]) =>
      [...array.matchAll(/<([0-9a-f]*)>/g)].map(([, hex]) => Buffer.from(hex, 'hex').toString('latin1')).join(''),
    );
    if (texts.length > 0) pages.push(texts.join('\n'));
  }
  return pages;
}

describe('exportCoverage csv', () => {
  it('writes one line per area and a total line, with machine numbers equal to the report', async () => {
    const kecamatan = report('kecamatan');
    const file = await exportCoverage(kecamatan, 'csv', OPTIONS);
    assert.equal(file.contentType, 'text/csv; charset=utf-8');
    assert.equal(file.fileName, 'cakupan-kecamatan-2025-05-31.csv');
    const text = file.body.toString('utf8');
    assert.ok(text.startsWith('\uFEFFcode,name,population,'));

    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.meta.fields, [
      'code',
      'name',
      'population',
      'registered',
      'active',
      'coverage',
      'activeRate',
      'activeOfRegistered',
      ...SEGMENTS.flatMap((s) => [`${s}_registered`, `${s}_active`]),
    ]);
    const expected = [...kecamatan.rows, kecamatan.total];
    assert.equal(parsed.data.length, 22);
    parsed.data.forEach((line, i) => {
      const row = expected[i];
      assert.equal(line.code, row.code);
      assert.equal(line.name, row.name);
      for (const key of ['population', 'registered', 'active', 'coverage', 'activeRate', 'activeOfRegistered'] as const) {
        assert.equal(Number(line[key]), row[key], `${row.code} ${key}`);
      }
      for (const s of SEGMENTS) {
        assert.equal(Number(line[`${s}_registered`]), row.bySegment[s].registered);
        assert.equal(Number(line[`${s}_active`]), row.bySegment[s].active);
      }
    });
  });

  it('quotes a name with a comma and quotes so it reads back unchanged', async () => {
    const file = await exportCoverage(report('desa'), 'csv', OPTIONS);
    const parsed = Papa.parse<Record<string, string>>(file.body.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
    assert.equal(parsed.data.length, 255);
    assert.equal(parsed.data[0].name, 'Sukamulia, "Baru"');
  });

  it('has only the total line at kabupaten level', async () => {
    const file = await exportCoverage(report('kabupaten'), 'csv', OPTIONS);
    const lines = file.body.toString('utf8').trim().split('\r\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[1].startsWith('52.03,Kabupaten Lombok Timur,'));
  });
});

describe('exportCoverage xlsx', () => {
  async function workbook(level: CoverageLevel, language: 'id' | 'en' = 'id') {
    const file = await exportCoverage(report(level), 'xlsx', { ...OPTIONS, language });
    const book = new ExcelJS.Workbook();
    // exceljs declares its Buffer as an ArrayBuffer, which Node's Buffer type does not match.
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    return { file, book };
  }

  it('has the coverage sheet with Indonesian headers, real numbers and a bold total', async () => {
    const kecamatan = report('kecamatan');
    const { file, book } = await workbook('kecamatan');
    assert.equal(file.fileName, 'cakupan-kecamatan-2025-05-31.xlsx');
    assert.equal(file.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      ['Cakupan', 'Alasan nonaktif'],
    );
    const sheet = book.getWorksheet('Cakupan')!;
    const heading = [1, 2, 3, 4, 5].map((r) => String(sheet.getCell(r, 1).value));
    assert.equal(heading[0], 'Laporan Cakupan dan Keaktifan JKN — Kabupaten Lombok Timur');
    assert.equal(heading[1], 'Data per: 31 Mei 2025');
    assert.equal(heading[2], 'Dibuat: 1 Juni 2025 pukul 10.05 WITA');
    const { category, next, activationsNeeded } = kecamatan.uhcAward;
    assert.deepEqual([category, next], ['NONE', 'PRATAMA']);
    assert.match(heading[4], new RegExp(`Belum memenuhi; untuk Pratama perlu ${activationsNeeded!.toLocaleString('id-ID')} `));

    const header = sheet.getRow(7);
    assert.deepEqual((header.values as unknown[]).slice(1, 11), [
      'Kode',
      'Nama',
      'Penduduk',
      'Terdaftar',
      'Aktif',
      'Cakupan',
      'Keaktifan',
      'Aktif dari terdaftar',
      'PBI APBN terdaftar',
      'PBI APBN aktif',
    ]);
    assert.equal(header.font.bold, true);

    const first = sheet.getRow(8);
    const row = kecamatan.rows[0];
    assert.deepEqual((first.values as unknown[]).slice(1, 9), [
      row.code,
      row.name,
      row.population,
      row.registered,
      row.active,
      row.coverage,
      row.activeRate,
      row.activeOfRegistered,
    ]);
    assert.equal(first.getCell(3).numFmt, '#,##0');
    assert.equal(first.getCell(6).numFmt, '0.00%');
    assert.equal(first.getCell(12).value, row.bySegment.PBI_APBD.active);

    const total = sheet.getRow(8 + 21);
    assert.equal(total.getCell(1).value, '52.03');
    assert.equal(total.getCell(3).value, kecamatan.total.population);
    assert.equal(total.font.bold, true);
    assert.equal(sheet.rowCount, 29);

    assert.deepEqual(
      sheet.views.map((v) => [v.state, (v as { ySplit?: number }).ySplit]),
      [['frozen', 7]],
    );
    assert.equal(sheet.autoFilter, 'A7:T28');
  });

  it('has the inactive reasons per area on the second sheet', async () => {
    const kecamatan = report('kecamatan');
    const sheet = (await workbook('kecamatan')).book.getWorksheet('Alasan nonaktif')!;
    assert.deepEqual((sheet.getRow(7).values as unknown[]).slice(1, 5), ['Kode', 'Nama', 'Nonaktif', 'Tunggakan']);
    const row = kecamatan.rows[0];
    assert.deepEqual((sheet.getRow(8).values as unknown[]).slice(1), [
      row.code,
      row.name,
      row.inactive,
      row.byReason.TUNGGAKAN,
      0,
      0,
      row.byReason.PPU_BERHENTI,
      0,
      0,
      0,
    ]);
    assert.equal(sheet.getRow(29).getCell(3).value, kecamatan.total.inactive);
  });

  it('uses English labels on request', async () => {
    const { file, book } = await workbook('desa', 'en');
    assert.equal(file.fileName, 'coverage-desa-2025-05-31.xlsx');
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      ['Coverage', 'Inactive reasons'],
    );
    assert.equal(book.getWorksheet('Coverage')!.getCell(7, 3).value, 'Population');
    assert.equal(book.getWorksheet('Coverage')!.rowCount, 7 + 254 + 1);
  });
});

describe('exportCoverage pdf', () => {
  it('paginates the 254 desa with the header block, id-ID figures and page numbers', async () => {
    const desa = report('desa');
    const file = await exportCoverage(desa, 'pdf', OPTIONS);
    assert.equal(file.contentType, 'application/pdf');
    assert.equal(file.fileName, 'cakupan-desa-2025-05-31.pdf');
    assert.equal(file.body.subarray(0, 5).toString(), '%PDF-');

    const pageObjects = file.body.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? [];
    const pages = pdfPages(file.body);
    assert.ok(pageObjects.length > 1);
    assert.equal(pages.length, pageObjects.length);

    const first = pages[0];
    assert.match(first, /Laporan Cakupan dan Keaktifan JKN . Kabupaten Lombok Timur/);
    assert.match(first, /Data per: 31 Mei 2025/);
    assert.match(first, /Dibuat: 1 Juni 2025 pukul 10\.05 WITA/);
    assert.match(first, /Kategori UHC Award: Belum memenuhi; untuk Pratama perlu/);
    assert.match(first, /Halaman 1 dari \d+/);

    const last = pages.at(-1)!;
    assert.ok(last.includes(desa.total.population.toLocaleString('id-ID')));
    assert.ok(last.includes(`${(desa.total.coverage * 100).toFixed(2).replace('.', ',')} %`));
    // Every page repeats the column headers, and every desa is printed once.
    for (const page of pages) assert.match(page, /Kode\nNama\nPenduduk/);
    const codes = pages.join('\n').match(/^52\.03\.\d\d\.\d{4}$/gm) ?? [];
    assert.equal(codes.length, 254);
  });

  it('fits a kecamatan report on one page, in English on request', async () => {
    const file = await exportCoverage(report('kecamatan'), 'pdf', { ...OPTIONS, language: 'en' });
    const pages = pdfPages(file.body);
    assert.equal(pages.length, 1);
    assert.match(pages[0], /JKN Coverage and Active Membership Report/);
    assert.match(pages[0], /Page 1 of 1/);
  });

  it('names the file by the generation date in Lombok when there is no data date', async () => {
    const file = await exportCoverage(report('kabupaten', null), 'pdf', {
      ...OPTIONS,
      generatedAt: new Date('2025-06-30T17:00:00Z'), // 1 July, 01.00 WITA
    });
    assert.equal(file.fileName, 'cakupan-kabupaten-2025-07-01.pdf');
    assert.match(pdfPages(file.body)[0], /Data per: belum ada data/);
  });
});
