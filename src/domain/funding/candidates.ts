/**
 * Candidates of a funding plan and what the plan knows about each (formats.md, "Funding plan"): who is
 * a candidate, which programmes' conditions hold, the weight and the cost per funder. Pure: no I/O.
 */
import type { InactiveReason, MembershipStatus, ResidentStatus, Segment } from '../membership.ts';
import type { Condition, ConditionValue, Membership, PrioritasCategory, Programme, Weights } from './programmes.ts';

/** Arrears are counted up to this many months (docs/rules.md §3.2). */
export const MAX_ARREARS_MONTHS = 24;

export interface Candidate {
  nik: string;
  membership: Membership;
  /** `segmen`; null when unregistered. */
  segment: Segment | null;
  /** `alasan_nonaktif`, or null. */
  reason: InactiveReason | null;
  /** `bulan_tunggakan`, 0 when empty. */
  arrearsMonths: number;
  /** 1–3, or null. */
  kelas: number | null;
  /** 1–10, null when not in `dtsen`. */
  desil: number | null;
  miskinEkstrem: boolean;
  /** Whole years on the plan date. */
  age: number;
  sex: 'L' | 'P';
  /** Dotted codes (`52.03.01`, `52.03.01.2001`). */
  kecamatan: string;
  desa: string;
  /** The `prioritas` categories that hold on the plan date. */
  prioritas: ReadonlySet<PrioritasCategory>;
}

/**
 * A living resident (`HIDUP`) whose membership is NONAKTIF for any reason except MENINGGAL and
 * DATA_GANDA (data corrections), or who is not registered (`membership` null).
 */
export function isCandidate(
  residentStatus: ResidentStatus,
  membership: { status: MembershipStatus; reason: InactiveReason | null } | null,
): boolean {
  if (residentStatus !== 'HIDUP') return false;
  if (membership === null) return true;
  return membership.status === 'NONAKTIF' && membership.reason !== 'MENINGGAL' && membership.reason !== 'DATA_GANDA';
}

/** Whole years from `birthDate` to `date` (both `YYYY-MM-DD`); a 29 February birthday falls on 1 March. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The categories that hold on `date`: a row whose `sampai` is before the date does not. */
export function prioritasOn(
  rows: readonly { kategori: PrioritasCategory; sampai: string | null }[],
  date: string,
): Set<PrioritasCategory> {
  const holding = new Set<PrioritasCategory>();
  for (const row of rows) if (row.sampai === null || row.sampai >= date) holding.add(row.kategori);
  return holding;
}

/** What the register, the membership extract, `dtsen` and `prioritas` say about one resident. */
export interface ResidentFacts {
  nik: string;
  status: ResidentStatus;
  sex: 'L' | 'P';
  birthDate: string;
  desa: string;
  peserta: {
    segment: Segment;
    status: MembershipStatus;
    reason: InactiveReason | null;
    arrearsMonths: number | null;
    kelas: number;
  } | null;
  dtsen: { desil: number; miskinEkstrem: boolean } | null;
  prioritas: readonly { kategori: PrioritasCategory; sampai: string | null }[];
}

/** The candidate a resident is on the plan date, or null when the resident is not a candidate. */
export function toCandidate(facts: ResidentFacts, date: string): Candidate | null {
  if (!isCandidate(facts.status, facts.peserta)) return null;
  const p = facts.peserta;
  return {
    nik: facts.nik,
    membership: p ? 'NONAKTIF' : 'TIDAK_TERDAFTAR',
    segment: p?.segment ?? null,
    reason: p?.reason ?? null,
    arrearsMonths: p?.arrearsMonths ?? 0,
    kelas: p?.kelas ?? null,
    desil: facts.dtsen?.desil ?? null,
    miskinEkstrem: facts.dtsen?.miskinEkstrem ?? false,
    age: ageOn(facts.birthDate, date),
    sex: facts.sex,
    kecamatan: facts.desa.split('.').slice(0, 3).join('.'),
    desa: facts.desa,
    prioritas: prioritasOn(facts.prioritas, date),
  };
}

/**
 * Whether one condition holds. A null field fails `eq`, `min` and `max`, and fails `in` unless null
 * is listed.
 */
export function conditionHolds(candidate: Candidate, condition: Condition): boolean {
  return conditionTest(condition)(candidate);
}

type Test = (candidate: Candidate) => boolean;

/** The condition as a test, its operator decided once (a plan tests every candidate). */
export function conditionTest(condition: Condition): Test {
  if ('has' in condition) {
    const category = condition.has;
    return (c) => c.prioritas.has(category);
  }
  const field = condition.field as Exclude<keyof Candidate, 'nik' | 'prioritas'>;
  const valueOf = (c: Candidate) => c[field] as ConditionValue | null;
  if ('in' in condition) {
    const listed = new Set(condition.in);
    return (c) => listed.has(valueOf(c));
  }
  if ('eq' in condition) {
    const wanted = condition.eq;
    return (c) => valueOf(c) === wanted;
  }
  if ('min' in condition) {
    const min = condition.min;
    return (c) => {
      const v = valueOf(c);
      return typeof v === 'number' && v >= min;
    };
  }
  const max = condition.max;
  return (c) => {
    const v = valueOf(c);
    return typeof v === 'number' && v <= max;
  };
}

/** The programme's conditions as one test: every condition must hold. */
export function eligibilityTest(programme: Pick<Programme, 'eligible'>): Test {
  const tests = programme.eligible.map(conditionTest);
  return (c) => {
    for (const test of tests) if (!test(c)) return false;
    return true;
  };
}

/** Whether every condition of the programme holds. */
export function isEligible(candidate: Candidate, programme: Pick<Programme, 'eligible'>): boolean {
  return eligibilityTest(programme)(candidate);
}

/** The flags of formats.md's weight, each with the weight it adds when it holds. */
export interface WeightComponent {
  flag: 'base' | 'miskinEkstrem' | 'balita' | 'lansia' | 'kronis' | 'hamil' | 'disabilitas';
  weight: number;
}

/** The components that hold for the candidate (base always), in formats.md's order. */
export function weightComponents(candidate: Candidate, weights: Weights): WeightComponent[] {
  const holds: Record<WeightComponent['flag'], boolean> = {
    base: true,
    miskinEkstrem: candidate.miskinEkstrem,
    balita: candidate.age < 5,
    lansia: candidate.age >= 60,
    kronis: candidate.prioritas.has('KRONIS'),
    hamil: candidate.prioritas.has('HAMIL'),
    disabilitas: candidate.prioritas.has('DISABILITAS'),
  };
  return (Object.keys(holds) as WeightComponent['flag'][])
    .filter((flag) => holds[flag])
    .map((flag) => ({ flag, weight: weights[flag] }));
}

/** `weights.base` + the weight of each flag that holds (the sum of `weightComponents`). */
export function weightOf(c: Candidate, weights: Weights): number {
  return (
    weights.base +
    (c.miskinEkstrem ? weights.miskinEkstrem : 0) +
    (c.age < 5 ? weights.balita : 0) +
    (c.age >= 60 ? weights.lansia : 0) +
    (c.prioritas.has('KRONIS') ? weights.kronis : 0) +
    (c.prioritas.has('HAMIL') ? weights.hamil : 0) +
    (c.prioritas.has('DISABILITAS') ? weights.disabilitas : 0)
  );
}

/**
 * Rupiah per funder the programme names: `monthly[F] × horizonMonths + arrears[F] × min(arrearsMonths, 24)`.
 * Funders in the order the programme names them (monthly first, then arrears-only ones).
 */
export function costOf(
  candidate: Pick<Candidate, 'arrearsMonths'>,
  programme: Pick<Programme, 'monthly' | 'arrears'>,
  horizonMonths: number,
): Record<string, number> {
  const months = Math.min(candidate.arrearsMonths, MAX_ARREARS_MONTHS);
  const cost: Record<string, number> = {};
  for (const funder of programmeFunders(programme)) {
    cost[funder] = (programme.monthly[funder] ?? 0) * horizonMonths + (programme.arrears[funder] ?? 0) * months;
  }
  return cost;
}

/** The funders a programme names. */
export function programmeFunders(programme: Pick<Programme, 'monthly' | 'arrears'>): string[] {
  return [...new Set([...Object.keys(programme.monthly), ...Object.keys(programme.arrears)])];
}
