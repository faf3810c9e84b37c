import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { facilityCard, kbkProjection, type Visit } from '../../domain/quality/scorecard.ts';
import { evaluationReport, exportScorecards, rankedWithVisits } from './export.ts';
import type { ScorecardView, ScorecardViewRow } from './scorecard-service.ts';

/** The text pdfkit draws (as src/modules/coverage/export.test.ts reads it). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  for (const [, stream] of raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    const content = inflateSync(Buffer.from(stream!, 'latin1')).toString('latin1');
    for (const [, array] of content.matchAll(/\[(.*?)\] TJ/g)) {
      texts.push([...array!.matchAll(/<([0-9a-f]*)>/g)].map(([, hex]) => Buffer.from(hex!, 'hex').toString('latin1')).join(''));
    }
  }
  return texts.join('\n');
}

function visits(kode: string, n: number, opts: { ns: number; referrals: number; wait: number }): Visit[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${kode}-${i}`,
    kodeFaskes: kode,
    tanggal: '2026-03-10',
    nik: `520301010190${String(i + 1).padStart(4, '0')}`,
    jenisPasien: 'JKN' as const,
    jamDaftar: '08:00',
    jamLayan: `08:${String(opts.wait).padStart(2, '0')}`,
    diagnosa: i < opts.ns ? 'J00' : 'I21.9',
    rujuk: i < opts.referrals,
    tujuanRujukan: i < opts.referrals ? 'RS' : null,
    prolanis: i < 10 ? ('DM' as const) : null,
    terkendali: i < 10 ? i < 2 : null,
  }));
}

const FACILITIES = [
  { kode: 'PKM01', nama: 'Puskesmas Teladan', n: 200, ns: 0, referrals: 10, wait: 10, score: 0, prev: 3.2 },
  { kode: 'PKM02', nama: 'Puskesmas Perujuk', n: 200, ns: 8, referrals: 20, wait: 10, score: 0, prev: 2.2 },
  { kode: 'PKM03', nama: 'Puskesmas Sepi', n: 60, ns: 3, referrals: 10, wait: 40, score: 0, prev: null },
  { kode: 'PKM04', nama: 'Puskesmas Tanpa Kunjungan', n: 0, ns: 0, referrals: 0, wait: 0, score: 0, prev: null },
];

function view(): ScorecardView {
  const rows: ScorecardViewRow[] = FACILITIES.map((f) => {
    const card = facilityCard({
      facility: { kode: f.kode, nama: f.nama, jenis: 'PUSKESMAS' },
      month: '2026-03',
      visits: visits(f.kode, f.n, f),
      registered: 1000,
      complaints: f.kode === 'PKM03' ? 2 : 0,
    });
    return {
      ...card,
      kecamatanCode: '52.03.07',
      kecamatanName: 'Selong',
      kbkProjection: kbkProjection(card),
      rank: 0,
      discriminationComplaints: null,
      discriminationShare: null,
      previousScore: f.prev,
    };
  });
  const scores = rows.map((r) => r.kbkProjection.score).sort((a, b) => b - a);
  for (const r of rows) r.rank = scores.indexOf(r.kbkProjection.score) + 1;
  return {
    month: '2026-03',
    previousMonth: '2026-02',
    rows,
    district: { referrals: 40, referralsOut: 10, referralsOutShare: 0.25 },
    kecamatan: [],
    months: ['2026-03'],
    kbkSource: 'test reference',
  };
}

const OPTIONS = { districtName: 'Kabupaten Lombok Timur', timeZone: 'Asia/Makassar', generatedAt: new Date('2026-04-02T02:00:00Z') };

describe('monthly evaluation report (PDF)', () => {
  it('names the best facility first, the worst under "perlu perhatian", what changed, and says no complaints are recorded', async () => {
    const v = view();
    const ranked = rankedWithVisits(v);
    assert.deepEqual(ranked.map((r) => r.kode), ['PKM01', 'PKM02', 'PKM03'], 'ranked by KBK score; no visit, no rank');
    const file = await evaluationReport(v, null, OPTIONS);
    assert.equal(file.fileName, 'evaluasi-faskes-2026-03.pdf');
    assert.equal(file.body.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(file.body);
    assert.match(text, /Laporan Evaluasi Bulanan Fasilitas Kesehatan/);
    assert.match(text, /Maret 2026/);
    const best = text.indexOf('Fasilitas terbaik');
    const worst = text.indexOf('Fasilitas yang perlu perhatian');
    const changes = text.indexOf('Perubahan sejak Februari 2026');
    assert.ok(best >= 0 && worst > best && changes > worst, 'sections in order');
    assert.ok(text.indexOf('Puskesmas Teladan') > best && text.indexOf('Puskesmas Teladan') < worst, 'the best is under "terbaik"');
    const attention = text.slice(worst, changes);
    assert.ok(attention.includes('Puskesmas Sepi'), 'the worst is under "perlu perhatian"');
    assert.ok(!text.includes('Puskesmas Tanpa Kunjungan'), 'a facility without visits is not ranked');
    const changed = text.slice(changes);
    assert.ok(changed.includes('Puskesmas Perujuk') && /turun|naik/.test(changed), 'the change since last month');
    assert.match(text, /Belum ada pengaduan tercatat/);
  });

  it('lists the open overdue complaints with the facility’s name when the register has them', async () => {
    const file = await evaluationReport(
      view(),
      [{ facilityCode: 'PKM03', category: 'DIMINTA_BAYAR', receivedAt: '2026-03-01T01:00:00Z', dueAt: '2026-03-10T01:00:00Z', status: 'DIPROSES' }],
      OPTIONS,
    );
    const text = pdfText(file.body).slice(pdfText(file.body).indexOf('melewati batas waktu'));
    assert.match(text, /PKM03/);
    assert.match(text, /Diminta membayar/);
    assert.match(text, /2026-03-10/);
  });
});

describe('scorecard files', () => {
  it('CSV: the contract fields, one line per facility', async () => {
    const v = view();
    const report = { month: v.month, rows: v.rows.map(({ kecamatanCode: _a, kecamatanName: _b, kbkProjection: _c, rank: _d, discriminationComplaints: _e, discriminationShare: _f, previousScore: _g, ...card }) => card), district: v.district };
    const file = await exportScorecards(report, v, 'csv', OPTIONS);
    const parsed = Papa.parse<Record<string, string>>(file.body.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
    assert.deepEqual(parsed.data.map((r) => r.kode), ['PKM01', 'PKM02', 'PKM03', 'PKM04']);
    assert.equal(parsed.data[1]!.rrns, String(v.rows[1]!.rrns));
    assert.equal(parsed.data[0]!.kbk_rrns, 'true');
  });

  it('XLSX and PDF: ranked, with the KBK score', async () => {
    const v = view();
    const report = { month: v.month, rows: [], district: v.district };
    const xlsx = await exportScorecards(report, v, 'xlsx', OPTIONS);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Rapor faskes')!;
    assert.equal(sheet.getRow(5).getCell(2).value, 'PKM01');
    const pdf = await exportScorecards(report, v, 'pdf', OPTIONS);
    const text = pdfText(pdf.body);
    assert.ok(text.indexOf('Puskesmas Teladan') < text.indexOf('Puskesmas Sepi'));
  });
});
