/**
 * HTTP: the shared-premium ledger. `POST /api/v1/payments` imports a `pembayaran` CSV (all or nothing,
 * every bad row with line, column and reason); `GET /api/v1/ledger/statement` is a funder's statement of
 * a saved plan (beneficiaries with NIK masked, months, due, paid, outstanding), JSON or Excel. A `funder`
 * user sees only its own funder's: its account's facility code names the funder (`user add --role
 * funder --facility BAZNAS`).
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import Papa from 'papaparse';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { toCsvLine } from '../../db/copy-text.ts';
import { obligationsOf, OWING_STATUSES, parsePaymentRow, periodAfter, reconciliationFlags, statement } from '../../domain/funding/ledger.ts';
import { maskNik } from '../../domain/nik.ts';
import { actorOf, currentUser, recordAudit } from '../access/index.ts';
import type { FundingService } from './funding-service.ts';
import type { PlanJson } from './funding-service.ts';
import { findPlan, findProgrammes } from './programmes-repository.ts';

export function ledgerRoutes(server: FastifyInstance, app: AppContext, funding: FundingService) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const districtCode = app.district.district.code;

  api.post('/api/v1/payments', {
    schema: { tags: ['funding'], summary: 'Import a pembayaran CSV (pendana, periode YYYY-MM, jumlah, referensi): all or nothing; 400 lists every bad row' },
    handler: async (request, reply) => {
      const file = await request.file();
      if (!file) return reply.code(400).send({ error: 'multipart field "file" is missing' });
      const text = (await file.toBuffer()).toString('utf8').replace(/^\uFEFF/, '');
      const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
      const [header = [], ...records] = parsed.data;
      const columns = header.map((h) => h.trim().toLowerCase());
      const errors: { line: number; column: string; reason: string }[] = [];
      for (const required of ['pendana', 'periode', 'jumlah', 'referensi']) {
        if (!columns.includes(required)) errors.push({ line: 1, column: required, reason: 'required column is missing from the header' });
      }
      const funders = new Set(Object.keys((await findProgrammes(app.db, districtCode)).programmes.budgets));
      const stored = new Set(
        (await app.db.query<{ key: string }>(`SELECT funder || '|' || reference AS key FROM funding_payment WHERE district_code = $1`, [districtCode])).map((r) => r.key),
      );
      const rows: { funder: string; period: string; amount: number; reference: string }[] = [];
      const seen = new Map<string, number>();
      if (errors.length === 0) {
        records.forEach((record, i) => {
          const line = i + 2;
          const field = (name: string) => (record[columns.indexOf(name)] ?? '').trim();
          const row = parsePaymentRow(field, funders);
          if (!row.ok) return errors.push(...row.errors.map((e) => ({ line, ...e })));
          const key = `${row.value.funder}|${row.value.reference}`;
          if (stored.has(key)) return errors.push({ line, column: 'referensi', reason: `payment ${row.value.reference} of ${row.value.funder} is already recorded` });
          if (seen.has(key)) return errors.push({ line, column: 'referensi', reason: `repeats line ${seen.get(key)}` });
          seen.set(key, line);
          rows.push(row.value);
        });
        if (records.length === 0) errors.push({ line: 2, column: '', reason: 'the file has a header but no data rows' });
      }
      if (errors.length > 0) return reply.code(400).send({ error: 'the pembayaran file has invalid rows; nothing was written', errors });
      const actor = actorOf(request);
      await app.db.transaction(async (tx) => {
        let csv = '';
        for (const r of rows) csv += toCsvLine([districtCode, r.funder, r.period, r.amount, r.reference, actor.username]);
        await tx.copyCsv('funding_payment', ['district_code', 'funder', 'period', 'amount', 'reference', 'recorded_by'], csv);
        await recordAudit(tx, {
          districtCode,
          userId: actor.userId,
          username: actor.username,
          action: 'payment.import',
          subject: `payments:${rows.length}`,
          detail: { fileName: file.filename, rows: rows.length, total: rows.reduce((s, r) => s + r.amount, 0) },
          ip: actor.ip,
        });
      });
      return { imported: rows.length, total: rows.reduce((s, r) => s + r.amount, 0) };
    },
  });

  api.get('/api/v1/ledger/statement', {
    schema: {
      tags: ['funding'],
      summary: "A funder's statement of a saved plan: beneficiaries (NIK masked), months, due, paid, outstanding; a funder user sees only its own",
      querystring: z.object({
        planId: z.coerce.number().int().positive(),
        funder: z.string().min(1).max(40),
        period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM').optional(),
        format: z.enum(['json', 'xlsx']).default('json'),
      }),
    },
    handler: async (request, reply) => {
      const user = currentUser(request);
      const funder = request.query.funder.toUpperCase();
      if (user.role === 'funder' && (user.facilityCode ?? '').toUpperCase() !== funder) {
        return reply.code(403).send({ error: `a funder user sees only its own funder's statement (${user.facilityCode ?? 'none set'})` });
      }
      const plan = await findPlan(app.db, districtCode, request.query.planId);
      if (!plan) return reply.code(404).send({ error: 'no such plan' });
      const result = plan.result as PlanJson;
      const owing = await app.db.query<{ nik: string; status: string }>(
        `SELECT nik, status FROM funding_case WHERE district_code = $1 AND plan_id = $2 AND status = ANY($3::text[])`,
        [districtCode, plan.id, [...OWING_STATUSES]],
      );
      const obligations = obligationsOf(result, plan.programmes.programs, new Set(owing.map((r) => r.nik)));
      const payments = await app.db.query<{ funder: string; period: string; amount: number }>(
        `SELECT funder, period, amount::float8 AS amount FROM funding_payment WHERE district_code = $1 AND funder = $2`,
        [districtCode, funder],
      );
      const asOfPeriod = request.query.period ?? periodAfter(funding.today(), 0);
      const s = statement(obligations, payments, funder, asOfPeriod);
      const actor = actorOf(request);
      await recordAudit(app.db, { districtCode, userId: actor.userId, username: actor.username, action: 'ledger.statement', subject: `plan:${plan.id}`, detail: { funder, period: asOfPeriod }, ip: actor.ip });
      const statusOf = new Map(owing.map((r) => [r.nik, r.status]));
      const rows = s.rows.map(({ nik, ...rest }) => ({ nikMasked: maskNik(nik), ...rest, caseStatus: statusOf.get(nik)!, flags: reconciliationFlags(rest, statusOf.get(nik)!) }));
      const body = { planId: plan.id, funder, period: asOfPeriod, due: s.due, paid: s.paid, outstanding: s.outstanding, unmatchedPayments: s.unmatched, rows };
      if (request.query.format === 'json') return body;
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(`Laporan ${funder}`);
      sheet.addRow([`Laporan pendana ${funder}, rencana ${plan.id}, sampai ${asOfPeriod}`]).font = { bold: true };
      sheet.addRow(['Terutang', s.due, 'Dibayar', s.paid, 'Sisa', s.outstanding]);
      sheet.addRow([]);
      sheet.addRow(['NIK', 'Program', 'Bulan', 'Terutang', 'Dibayar', 'Sisa', 'Lewat jatuh tempo', 'Status kasus', 'Catatan']).font = { bold: true };
      const notes = { paid_not_active: 'dibayar, belum aktif', past_due: 'lewat jatuh tempo' } as const;
      for (const r of rows) sheet.addRow([r.nikMasked, r.program, r.months, r.due, r.paid, r.outstanding, r.pastDue, r.caseStatus, r.flags.map((f) => notes[f]).join('; ')]);
      sheet.columns.forEach((c) => (c.width = 18));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="laporan-${funder.toLowerCase()}-rencana-${plan.id}-${asOfPeriod}.xlsx"`)
        .send(Buffer.from(await workbook.xlsx.writeBuffer()));
    },
  });
}
