/**
 * Kapitasi Berbasis Kinerja (KBK): the three FKTP indicators, their rating bands, weights, and the share
 * of capitation the weighted score earns (docs/rules.md §6.3; issue #15 "Reference").
 *
 * The numbers are reference DATA, not code: pass another `KbkReference` when BPJS changes them.
 *
 * Missing values (a documented choice, not in the regulation): an indicator whose value is null is rated
 * as if its numerator were 0, i.e. `rateIndicator(x, null)` = `rateIndicator(x, 0)`:
 * - AK null (no registered participant): no contact → rating 1;
 * - RRNS null (no referral at all): no non-specialist referral, 0 % → rating 4;
 * - RPPT null (no Prolanis participant): no controlled participant → rating 1.
 * `targetMet` (the scorecard's `kbk` booleans) stays null for a null value, as formats.md says.
 */

export const KBK_INDICATORS = ['ak', 'rrns', 'rppt'] as const;
export type KbkIndicator = (typeof KBK_INDICATORS)[number];
export type KbkRating = 1 | 2 | 3 | 4;
export type KbkValues = Record<KbkIndicator, number | null>;

type Comparison = '>=' | '>' | '<=' | '<';

/** `value <op> bound`, e.g. `{ op: '>=', bound: 150 }` for "≥ 150". */
export interface Threshold {
  op: Comparison;
  bound: number;
}

export interface IndicatorRule {
  name: string;
  unit: '‰' | '%';
  /** Percent of the weighted score; the three weights add up to 100. */
  weight: number;
  /** The target the scorecard's `kbk` boolean checks. */
  target: Threshold;
  /** Ratings 4, 3, 2 in that order: the first threshold met gives its rating; none met gives 1. */
  bands: readonly [Threshold, Threshold, Threshold];
}

/** The capitation share (percent) paid from `minScore` up to the next band's `minScore`. */
export interface CapitationBand {
  minScore: number;
  puskesmas: number;
  clinic: number;
}

export interface KbkReference {
  source: string;
  indicators: Record<KbkIndicator, IndicatorRule>;
  /** Highest `minScore` first; the last band starts at 1 (the lowest possible score). */
  capitation: readonly CapitationBand[];
}

export const KBK_REFERENCE: KbkReference = {
  source:
    'Peraturan BPJS Kesehatan Nomor 7 Tahun 2019 (KBK), as published in BPJS Kesehatan slides; ' +
    'targets confirmed by docs/rules.md §6.3 (garuda.kemdiktisaintek.go.id/documents/detail/5257050, medisy.id, Jan 2026)',
  indicators: {
    ak: {
      name: 'Angka Kontak',
      unit: '‰',
      weight: 40,
      target: { op: '>=', bound: 150 },
      bands: [
        { op: '>=', bound: 150 },
        { op: '>', bound: 145 },
        { op: '>', bound: 140 },
      ],
    },
    rrns: {
      name: 'Rasio Rujukan Non-Spesialistik',
      unit: '%',
      weight: 50,
      target: { op: '<=', bound: 2 },
      bands: [
        { op: '<=', bound: 2 },
        { op: '<=', bound: 2.5 },
        { op: '<=', bound: 3 },
      ],
    },
    rppt: {
      name: 'Rasio Peserta Prolanis Terkendali',
      unit: '%',
      weight: 10,
      target: { op: '>=', bound: 5 },
      bands: [
        { op: '>=', bound: 5 },
        { op: '>=', bound: 4 },
        { op: '>=', bound: 3 },
      ],
    },
  },
  capitation: [
    { minScore: 4, puskesmas: 100, clinic: 100 },
    { minScore: 3, puskesmas: 95, clinic: 97 },
    { minScore: 2, puskesmas: 90, clinic: 96 },
    { minScore: 1, puskesmas: 85, clinic: 95 },
  ],
};

function meets(value: number, t: Threshold): boolean {
  switch (t.op) {
    case '>=':
      return value >= t.bound;
    case '>':
      return value > t.bound;
    case '<=':
      return value <= t.bound;
    case '<':
      return value < t.bound;
  }
}

function checkValue(indicator: KbkIndicator, value: number | null): void {
  if (value !== null && !(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`KBK ${indicator}: value must be a finite number ≥ 0 or null, got ${value}`);
  }
}

/** The rating 1–4 of one indicator; a null value is rated as 0 (see the module comment). */
export function rateIndicator(indicator: KbkIndicator, value: number | null, ref: KbkReference = KBK_REFERENCE): KbkRating {
  checkValue(indicator, value);
  const [four, three, two] = ref.indicators[indicator].bands;
  const v = value ?? 0;
  if (meets(v, four)) return 4;
  if (meets(v, three)) return 3;
  if (meets(v, two)) return 2;
  return 1;
}

export function kbkRatings(values: KbkValues, ref: KbkReference = KBK_REFERENCE): Record<KbkIndicator, KbkRating> {
  return {
    ak: rateIndicator('ak', values.ak, ref),
    rrns: rateIndicator('rrns', values.rrns, ref),
    rppt: rateIndicator('rppt', values.rppt, ref),
  };
}

/** Σ rating × weight / 100: between 1 and 4 (e.g. ratings 4/3/1 → 1.6 + 1.5 + 0.1 = 3.2). */
export function kbkScore(values: KbkValues, ref: KbkReference = KBK_REFERENCE): number {
  const ratings = kbkRatings(values, ref);
  // Integer sum first, one division: 3.2 stays 3.2 rather than 3.2000000000000006.
  const sum = KBK_INDICATORS.reduce((acc, k) => acc + ratings[k] * ref.indicators[k].weight, 0);
  return sum / 100;
}

/** Which column of the capitation table a facility is paid from: Puskesmas, or every other FKTP. */
export type CapitationColumn = 'puskesmas' | 'clinic';

/**
 * The column for a `faskes.jenis`: `PUSKESMAS` → puskesmas; `KLINIK` and `DOKTER` → clinic (the
 * regulation's non-Puskesmas FKTP). A hospital (`RS`) is not paid by capitation: an error.
 */
export function capitationColumn(jenis: string): CapitationColumn {
  if (jenis === 'PUSKESMAS') return 'puskesmas';
  if (jenis === 'KLINIK' || jenis === 'DOKTER') return 'clinic';
  throw new RangeError(`jenis: "${jenis}" is not paid by capitation (expected PUSKESMAS, KLINIK or DOKTER)`);
}

/** The percent of capitation paid for a KBK score (1–4). */
export function capitationShare(score: number, jenis: string, ref: KbkReference = KBK_REFERENCE): number {
  const column = capitationColumn(jenis);
  if (!(Number.isFinite(score) && score >= 1 && score <= 4)) {
    throw new RangeError(`score: must be between 1 and 4, got ${score}`);
  }
  const band = ref.capitation.find((b) => score >= b.minScore);
  if (!band) throw new RangeError(`score: ${score} is below the lowest capitation band`);
  return band[column];
}

/** Whether the value meets the indicator's target; null for a null value (the scorecard's `kbk`). */
export function targetMet(indicator: KbkIndicator, value: number | null, ref: KbkReference = KBK_REFERENCE): boolean | null {
  checkValue(indicator, value);
  return value === null ? null : meets(value, ref.indicators[indicator].target);
}

/** The scorecard's `kbk` object. */
export function kbkTargets(values: KbkValues, ref: KbkReference = KBK_REFERENCE): Record<KbkIndicator, boolean | null> {
  return {
    ak: targetMet('ak', values.ak, ref),
    rrns: targetMet('rrns', values.rrns, ref),
    rppt: targetMet('rppt', values.rppt, ref),
  };
}

/**
 * Checks a reference an admin supplies: the weights add up to 100, the bands of each indicator get
 * stricter from rating 2 to 4, and the capitation bands descend to a last band at 1. Returns the
 * problems (empty when it is sound).
 */
export function kbkReferenceProblems(ref: KbkReference): string[] {
  const problems: string[] = [];
  const total = KBK_INDICATORS.reduce((acc, k) => acc + ref.indicators[k].weight, 0);
  if (total !== 100) problems.push(`indicators: weights add up to ${total}, expected 100`);
  for (const k of KBK_INDICATORS) {
    const [four, three, two] = ref.indicators[k].bands;
    // A value meeting a stricter band must meet every looser one.
    const higherIsBetter = four.op === '>=' || four.op === '>';
    const ordered = higherIsBetter ? four.bound >= three.bound && three.bound >= two.bound : four.bound <= three.bound && three.bound <= two.bound;
    if (!ordered) problems.push(`indicators.${k}.bands: must get stricter from rating 2 to rating 4`);
  }
  const caps = ref.capitation;
  if (caps.length === 0 || caps[caps.length - 1].minScore !== 1) problems.push('capitation: the last band must start at score 1');
  for (let i = 1; i < caps.length; i++) {
    if (!(caps[i].minScore < caps[i - 1].minScore)) problems.push(`capitation[${i}]: minScore must be below the band before it`);
  }
  for (const [i, b] of caps.entries()) {
    for (const col of ['puskesmas', 'clinic'] as const) {
      if (!(b[col] >= 0 && b[col] <= 100)) problems.push(`capitation[${i}].${col}: must be a percent 0–100`);
    }
  }
  return problems;
}
