/**
 * The shared-premium ledger (issue 14): the obligations a saved plan's cases create, per person, month
 * and funder share, the `pembayaran` rows that pay them, and a funder's statement. Pure: no I/O.
 *
 * Obligations: for each case that is approved, sent or active, for each funder F of its programme,
 * `monthly[F]` in each month of the horizon (the plan date's month first) and the arrears share
 * (`arrears[F] × min(arrearsMonths, 24)`, the rest of the assignment's cost) in the first month.
 * Payments are matched per funder and period, to that period's obligations in NIK order, oldest first.
 */
export interface Obligation {
  nik: string;
  program: string;
  funder: string;
  /** `YYYY-MM`. */
  period: string;
  amount: number;
}

export const OWING_STATUSES = ['approved', 'sent', 'active'] as const;

/** `YYYY-MM` of the date's month plus `k` months. */
export function periodAfter(date: string, k: number): string {
  const [y, m] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function obligationsOf(
  plan: { date: string; horizonMonths: number; assignments: readonly { nik: string; program: string; cost: Readonly<Record<string, number>> }[] },
  programmes: readonly { code: string; monthly: Record<string, number> }[],
  owing: ReadonlySet<string>,
): Obligation[] {
  const monthlyOf = new Map(programmes.map((p) => [p.code, p.monthly]));
  const out: Obligation[] = [];
  for (const a of plan.assignments) {
    if (!owing.has(a.nik)) continue;
    const monthly = monthlyOf.get(a.program) ?? {};
    for (const [funder, total] of Object.entries(a.cost)) {
      const share = monthly[funder] ?? 0;
      const arrears = total - share * plan.horizonMonths;
      for (let k = 0; k < plan.horizonMonths; k++) {
        const amount = share + (k === 0 ? arrears : 0);
        if (amount > 0) out.push({ nik: a.nik, program: a.program, funder, period: periodAfter(plan.date, k), amount });
      }
    }
  }
  return out;
}

export interface StatementRow {
  nik: string;
  program: string;
  months: number;
  due: number;
  paid: number;
  outstanding: number;
  /** Outstanding on months before `asOfPeriod`: past due. */
  pastDue: number;
}

/**
 * A funder's statement: per beneficiary, months, due, paid and outstanding. `asOfPeriod` (`YYYY-MM`)
 * counts only obligations up to that period as due.
 */
export function statement(
  obligations: readonly Obligation[],
  payments: readonly { funder: string; period: string; amount: number }[],
  funder: string,
  asOfPeriod: string,
): { rows: StatementRow[]; due: number; paid: number; outstanding: number; unmatched: number } {
  const mine = obligations.filter((o) => o.funder === funder && o.period <= asOfPeriod).sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0));
  const left = new Map<string, number>();
  for (const p of payments) if (p.funder === funder) left.set(p.period, (left.get(p.period) ?? 0) + p.amount);
  const rows = new Map<string, StatementRow>();
  for (const o of mine) {
    const available = left.get(o.period) ?? 0;
    const paid = Math.min(available, o.amount);
    left.set(o.period, available - paid);
    const key = `${o.nik}|${o.program}`;
    const row = rows.get(key) ?? { nik: o.nik, program: o.program, months: 0, due: 0, paid: 0, outstanding: 0, pastDue: 0 };
    row.months++;
    row.due += o.amount;
    row.paid += paid;
    row.outstanding = row.due - row.paid;
    if (o.period < asOfPeriod) row.pastDue += o.amount - paid;
    rows.set(key, row);
  }
  const list = [...rows.values()].sort((a, b) => (a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0));
  const due = list.reduce((s, r) => s + r.due, 0);
  const paid = list.reduce((s, r) => s + r.paid, 0);
  const unmatched = [...left.values()].reduce((s, v) => s + v, 0);
  return { rows: list, due, paid, outstanding: due - paid, unmatched };
}

/** One `pembayaran` CSV row checked: `pendana, periode (YYYY-MM), jumlah (whole rupiah ≥ 1), referensi`. */
export function parsePaymentRow(
  field: (name: string) => string,
  funders: ReadonlySet<string>,
): { ok: true; value: { funder: string; period: string; amount: number; reference: string } } | { ok: false; errors: { column: string; reason: string }[] } {
  const errors: { column: string; reason: string }[] = [];
  const funder = field('pendana').toUpperCase();
  if (funder === '') errors.push({ column: 'pendana', reason: 'required value is empty' });
  else if (!funders.has(funder)) errors.push({ column: 'pendana', reason: `"${funder}" is not a funder of the saved programmes (${[...funders].join(', ')})` });
  const period = field('periode');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) errors.push({ column: 'periode', reason: `"${period}" is not a month YYYY-MM` });
  const amountText = field('jumlah');
  if (!/^[1-9]\d{0,14}$/.test(amountText)) errors.push({ column: 'jumlah', reason: `"${amountText}" is not a whole number of rupiah ≥ 1` });
  const reference = field('referensi');
  if (reference === '') errors.push({ column: 'referensi', reason: 'required value is empty' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { funder, period, amount: Number(amountText), reference } };
}

/**
 * Reconciliation flags of a statement row: premiums paid for a person who is still not active (the
 * case not `active`: the money went out, the membership did not follow), and obligations past due.
 */
export function reconciliationFlags(row: Pick<StatementRow, 'paid' | 'pastDue'>, caseStatus: string): ('paid_not_active' | 'past_due')[] {
  const flags: ('paid_not_active' | 'past_due')[] = [];
  if (row.paid > 0 && caseStatus !== 'active') flags.push('paid_not_active');
  if (row.pastDue > 0) flags.push('past_due');
  return flags;
}
