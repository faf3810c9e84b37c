import assert from 'node:assert/strict';
import { test } from 'node:test';
import { obligationsOf, parsePaymentRow, periodAfter, reconciliationFlags, statement } from './ledger.ts';

const plan: { date: string; horizonMonths: number; assignments: { nik: string; program: string; cost: Record<string, number> }[] } = {
  date: '2026-11-15',
  horizonMonths: 3,
  assignments: [
    { nik: 'A', program: 'SSI', cost: { BAZNAS: 3 * 21_000, APBD: 3 * 16_800 } },
    { nik: 'B', program: 'CSR', cost: { CSR: 2 * 35_000 } },
    { nik: 'C', program: 'SSI', cost: { BAZNAS: 3 * 21_000, APBD: 3 * 16_800 } },
  ],
};
const programmes: { code: string; monthly: Record<string, number> }[] = [
  { code: 'SSI', monthly: { BAZNAS: 21_000, APBD: 16_800 } },
  { code: 'CSR', monthly: {} },
];

test('periods run from the plan date month, across the year', () => {
  assert.deepEqual([0, 1, 2].map((k) => periodAfter('2026-11-15', k)), ['2026-11', '2026-12', '2027-01']);
});

test('one premium split between funders, month by month; arrears due in the first month; only owing cases', () => {
  const o = obligationsOf(plan, programmes, new Set(['A', 'B']));
  assert.deepEqual(
    o.filter((x) => x.nik === 'A').map((x) => [x.funder, x.period, x.amount]),
    [
      ['BAZNAS', '2026-11', 21_000],
      ['BAZNAS', '2026-12', 21_000],
      ['BAZNAS', '2027-01', 21_000],
      ['APBD', '2026-11', 16_800],
      ['APBD', '2026-12', 16_800],
      ['APBD', '2027-01', 16_800],
    ],
  );
  assert.deepEqual(o.filter((x) => x.nik === 'B').map((x) => [x.funder, x.period, x.amount]), [['CSR', '2026-11', 70_000]]);
  assert.equal(o.some((x) => x.nik === 'C'), false, 'C is not owing (proposed, rejected or expired)');
});

test('a statement matches payments per period, in NIK order, and reports what is outstanding and unmatched', () => {
  const o = obligationsOf(plan, programmes, new Set(['A', 'C']));
  const s = statement(o, [{ funder: 'BAZNAS', period: '2026-11', amount: 30_000 }, { funder: 'APBD', period: '2026-11', amount: 999 }], 'BAZNAS', '2026-12');
  assert.deepEqual(s.rows, [
    { nik: 'A', program: 'SSI', months: 2, due: 42_000, paid: 21_000, outstanding: 21_000, pastDue: 0 },
    { nik: 'C', program: 'SSI', months: 2, due: 42_000, paid: 9_000, outstanding: 33_000, pastDue: 12_000 },
  ]);
  assert.deepEqual([s.due, s.paid, s.outstanding, s.unmatched], [84_000, 30_000, 54_000, 0]);
  const over = statement(o, [{ funder: 'BAZNAS', period: '2026-11', amount: 50_000 }], 'BAZNAS', '2026-11');
  assert.equal(over.unmatched, 8_000);
});

test('a pembayaran row names the column and reason of each error', () => {
  const row = (r: Record<string, string>) => (name: string) => r[name] ?? '';
  const funders = new Set(['APBD', 'BAZNAS']);
  assert.deepEqual(parsePaymentRow(row({ pendana: 'baznas', periode: '2026-11', jumlah: '21000', referensi: 'TRF-1' }), funders), {
    ok: true,
    value: { funder: 'BAZNAS', period: '2026-11', amount: 21_000, reference: 'TRF-1' },
  });
  const bad = parsePaymentRow(row({ pendana: 'CSR', periode: '2026-13', jumlah: '1.5', referensi: '' }), funders);
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.errors.map((e) => e.column), ['pendana', 'periode', 'jumlah', 'referensi']);
});

test('reconciliation flags: paid but still not active, and past due', () => {
  assert.deepEqual(reconciliationFlags({ paid: 21_000, pastDue: 0 }, 'sent'), ['paid_not_active']);
  assert.deepEqual(reconciliationFlags({ paid: 21_000, pastDue: 0 }, 'active'), []);
  assert.deepEqual(reconciliationFlags({ paid: 0, pastDue: 5 }, 'approved'), ['past_due']);
});
