/**
 * A funding plan as office files. CSV: the assignments (nik, program, weight, one column per funder), for
 * scripts, as the JSON has them. XLSX: summary, programmes (per plan period, per month and per year),
 * funders, the projection per kecamatan and the beneficiaries (NIK masked). PDF: the same tables
 * without the beneficiaries, for meetings. Indonesian by default, English on request.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import Papa from 'papaparse';
import { formatNumberId, formatPercentId } from '../../domain/format.ts';
import { maskNik } from '../../domain/nik.ts';
import type { PlanJson } from './funding-service.ts';

export type PlanExportFormat = 'csv' | 'xlsx' | 'pdf';

const CONTENT_TYPES: Record<PlanExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

const LABELS = {
  id: {
    title: 'Rencana pendanaan JKN',
    date: 'Tanggal rencana',
    asOf: 'Data kepesertaan per',
    candidates: 'Kandidat',
    people: 'Orang',
    weight: 'Bobot',
    cost: 'Biaya',
    perMonth: 'Rata-rata per bulan',
    perYear: 'Per tahun',
    horizon: 'Jangka (bulan)',
    summary: 'Ringkasan',
    programs: 'Program',
    funders: 'Pendana',
    projection: 'Proyeksi',
    beneficiaries: 'Penerima',
    code: 'Kode',
    route: 'Jalur',
    funder: 'Pendana',
    budget: 'Anggaran',
    spent: 'Terpakai',
    remaining: 'Sisa',
    area: 'Wilayah',
    population: 'Penduduk',
    registered: 'Terdaftar',
    active: 'Aktif',
    activeRate: 'Keaktifan',
    coverage: 'Cakupan',
    uhc: 'Kategori UHC Award (proyeksi)',
    needed: 'Aktivasi masih dibutuhkan untuk',
    nik: 'NIK',
    program: 'Program',
    total: 'Total',
  },
  en: {
    title: 'JKN funding plan',
    date: 'Plan date',
    asOf: 'Membership data as of',
    candidates: 'Candidates',
    people: 'People',
    weight: 'Weight',
    cost: 'Cost',
    perMonth: 'Average per month',
    perYear: 'Per year',
    horizon: 'Horizon (months)',
    summary: 'Summary',
    programs: 'Programmes',
    funders: 'Funders',
    projection: 'Projection',
    beneficiaries: 'Beneficiaries',
    code: 'Code',
    route: 'Route',
    funder: 'Funder',
    budget: 'Budget',
    spent: 'Spent',
    remaining: 'Remaining',
    area: 'Area',
    population: 'Population',
    registered: 'Registered',
    active: 'Active',
    activeRate: 'Active rate',
    coverage: 'Coverage',
    uhc: 'UHC Award category (projected)',
    needed: 'Activations still needed for',
    nik: 'NIK',
    program: 'Programme',
    total: 'Total',
  },
} as const;

type Labels = (typeof LABELS)[keyof typeof LABELS];

function funderNames(plan: PlanJson): string[] {
  return plan.funders.map((f) => f.funder);
}

function sum(cost: Record<string, number>): number {
  return Object.values(cost).reduce((s, v) => s + v, 0);
}

/** Tables shared by the XLSX and the PDF: header row, then rows. */
function tables(plan: PlanJson, l: Labels): { name: string; rows: (string | number)[][] }[] {
  const funders = funderNames(plan);
  const { category, next, activationsNeeded } = plan.projection.uhcAward;
  const months = plan.horizonMonths;
  return [
    {
      name: l.summary,
      rows: [
        [l.title, ''],
        [l.date, plan.date],
        [l.asOf, plan.asOf ?? '-'],
        [l.horizon, months],
        [l.candidates, plan.candidates],
        [l.people, plan.objective.people],
        [l.weight, plan.objective.weight],
        [l.cost, plan.objective.cost],
        [l.activeRate, formatPercentId(plan.projection.total.activeRate)],
        [l.uhc, category],
        ...(next ? [[`${l.needed} ${next}`, activationsNeeded ?? '-'] as (string | number)[]] : []),
      ],
    },
    {
      name: l.programs,
      rows: [
        [l.code, l.route, l.people, l.weight, ...funders.map((f) => `${l.cost} ${f}`), l.cost, l.perMonth, l.perYear],
        ...plan.programs.map((p) => {
          const total = sum(p.cost);
          return [p.code, p.route, p.people, p.weight, ...funders.map((f) => p.cost[f] ?? 0), total, Math.round(total / months), Math.round((total * 12) / months)];
        }),
      ],
    },
    {
      name: l.funders,
      rows: [[l.funder, l.budget, l.spent, l.remaining], ...plan.funders.map((f) => [f.funder, f.budget, f.spent, f.budget - f.spent])],
    },
    {
      name: l.projection,
      rows: [
        [l.code, l.area, l.population, l.registered, l.active, l.coverage, l.activeRate],
        ...[...plan.projection.rows, plan.projection.total].map((r) => [
          r.code,
          r.name,
          r.population,
          r.registered,
          r.active,
          formatPercentId(r.coverage),
          formatPercentId(r.activeRate),
        ]),
      ],
    },
  ];
}

export async function exportPlan(plan: PlanJson, format: PlanExportFormat, language: 'id' | 'en' = 'id'): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  const l = LABELS[language];
  const fileName = `rencana-pendanaan-${plan.date}.${format}`;
  let body: Buffer;
  if (format === 'csv') {
    const funders = funderNames(plan);
    const data = plan.assignments.map((a) => [a.nik, a.program, a.weight, ...funders.map((f) => a.cost[f] ?? 0)]);
    body = Buffer.from(`\uFEFF${Papa.unparse({ fields: ['nik', 'program', 'weight', ...funders.map((f) => `cost_${f}`)], data }, { newline: '\r\n' })}\r\n`);
  } else if (format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'SMART JKN';
    for (const table of tables(plan, l)) {
      const sheet = workbook.addWorksheet(table.name);
      table.rows.forEach((row, i) => {
        const added = sheet.addRow(row);
        if (i === 0) added.font = { bold: true };
      });
      sheet.columns.forEach((c) => (c.width = 18));
    }
    const funders = funderNames(plan);
    const sheet = workbook.addWorksheet(l.beneficiaries);
    sheet.addRow([l.nik, l.program, l.weight, ...funders]).font = { bold: true };
    // Masked: a list of named people for offices (the full NIKs are in the JSON and CSV for systems).
    for (const a of plan.assignments) sheet.addRow([maskNik(a.nik), a.program, a.weight, ...funders.map((f) => a.cost[f] ?? 0)]);
    body = Buffer.from(await workbook.xlsx.writeBuffer());
  } else {
    body = await toPdf(plan, l);
  }
  return { body, contentType: CONTENT_TYPES[format], fileName };
}

function toPdf(plan: PlanJson, l: Labels): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: l.title, Author: 'SMART JKN' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 72;
  const cell = (v: string | number) => (typeof v === 'number' ? formatNumberId(v) : v);
  for (const [t, table] of tables(plan, l).entries()) {
    if (t > 0) doc.moveDown(1);
    doc.font('Helvetica-Bold').fontSize(t === 0 ? 14 : 11).text(t === 0 ? l.title : table.name, { width });
    const rows = t === 0 ? table.rows.slice(1) : table.rows;
    const columns = Math.max(...rows.map((r) => r.length));
    const colWidth = width / columns;
    rows.forEach((row, i) => {
      if (doc.y > doc.page.height - 60) doc.addPage();
      const y = doc.y;
      doc.font(i === 0 && t > 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      row.forEach((v, c) => doc.text(cell(v), 36 + c * colWidth, y, { width: colWidth - 4, lineBreak: false, ellipsis: true }));
      doc.x = 36;
      doc.y = y + 12;
    });
  }
  doc.end();
  return done;
}
