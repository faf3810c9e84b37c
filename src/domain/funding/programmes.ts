/**
 * The programmes file of a funding plan (formats.md, "Funding plan"): its schema, its usage errors and
 * the district's default. Pure: no I/O.
 *
 * A malformed file is a usage error that names the field path (`programs[1].route`) and the reason.
 * Every object is strict: an unknown key is an error (in a condition it is an unknown operator).
 */
import { z } from 'zod';
import { INACTIVE_REASONS, SEGMENTS } from '../membership.ts';

export const ROUTES = ['PBPU_PEMDA', 'BAYAR_TUNGGAKAN', 'USULAN_PBI', 'REHAB', 'PEMBERI_KERJA'] as const;
export type Route = (typeof ROUTES)[number];

export const PRIORITAS_CATEGORIES = ['KRONIS', 'HAMIL', 'DISABILITAS'] as const;
export type PrioritasCategory = (typeof PRIORITAS_CATEGORIES)[number];

export const MEMBERSHIPS = ['NONAKTIF', 'TIDAK_TERDAFTAR'] as const;
export type Membership = (typeof MEMBERSHIPS)[number];

/** What a condition may test, and the values each field takes (null where the field may be null). */
const FIELDS = {
  membership: { kind: 'enum', values: MEMBERSHIPS },
  segment: { kind: 'enum', values: SEGMENTS },
  reason: { kind: 'enum', values: INACTIVE_REASONS },
  arrearsMonths: { kind: 'number', from: 0, to: Number.MAX_SAFE_INTEGER },
  kelas: { kind: 'number', from: 1, to: 3 },
  desil: { kind: 'number', from: 1, to: 10 },
  miskinEkstrem: { kind: 'boolean' },
  age: { kind: 'number', from: 0, to: 200 },
  sex: { kind: 'enum', values: ['L', 'P'] },
  kecamatan: { kind: 'code', digits: 6 },
  desa: { kind: 'code', digits: 10 },
  prioritas: { kind: 'set' },
} as const;
export type ConditionField = keyof typeof FIELDS;
export const CONDITION_FIELDS = Object.keys(FIELDS) as ConditionField[];
export const OPERATORS = ['in', 'eq', 'min', 'max', 'has'] as const;

export type ConditionValue = string | number | boolean;
export type Condition =
  | { field: ConditionField; in: (ConditionValue | null)[] }
  | { field: ConditionField; eq: ConditionValue }
  | { field: ConditionField; min: number }
  | { field: ConditionField; max: number }
  | { field: 'prioritas'; has: PrioritasCategory };

export const WEIGHT_KEYS = ['base', 'miskinEkstrem', 'balita', 'lansia', 'kronis', 'hamil', 'disabilitas'] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
/** Priority weights; a weight the file leaves out is 0. */
export type Weights = Record<WeightKey, number>;

export interface Programme {
  code: string;
  route: Route;
  name?: string;
  /** At most this many people; null = no limit. */
  quota: number | null;
  /** Rupiah per person-month, by funder. */
  monthly: Record<string, number>;
  /** Rupiah per month of arrears (counted up to 24), by funder. */
  arrears: Record<string, number>;
  /** Every condition must hold. */
  eligible: Condition[];
}

export interface Programmes {
  horizonMonths: number;
  /** Rupiah per funder for the plan period, in the file's order. */
  budgets: Record<string, number>;
  weights: Weights;
  programs: Programme[];
}

export interface UsageError {
  /** Where in the file: `programs[1].route`, `budgets.APBD`, or `` for the whole file. */
  path: string;
  reason: string;
}

export type ParseResult = { ok: true; value: Programmes } | { ok: false; errors: UsageError[] };

/** Sanity bounds above formats.md's "integers ≥ 0" (inferred, not from the contract): sums stay exact in a double. */
export const MAX_BUDGET = 1e15;
export const MAX_SHARE = 1e9;
export const MAX_WEIGHT = 1e6;
export const MAX_QUOTA = 1e9;

const int = (max: number) =>
  z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be ≥ 0' })
    .max(max, { error: `must be ≤ ${max}` });

const funderName = z
  .string()
  .min(1, { error: 'a funder name must not be empty' })
  .max(64, { error: 'a funder name must be at most 64 characters' });
const shares = z.record(funderName, int(MAX_SHARE));

/** A condition: `field` and exactly one operator whose value fits the field. */
const condition = z.looseObject({ field: z.unknown() }).transform((raw, ctx): Condition => {
  const issue = (path: (string | number)[], message: string) => {
    ctx.addIssue({ code: 'custom', message, path });
    return z.NEVER;
  };
  const field = raw.field;
  if (typeof field !== 'string' || !(field in FIELDS)) {
    return issue(['field'], `unknown field ${JSON.stringify(field)}; one of ${CONDITION_FIELDS.join(', ')}`);
  }
  const spec = FIELDS[field as ConditionField];
  const operators = Object.keys(raw).filter((key) => key !== 'field');
  for (const key of operators) {
    if (!(OPERATORS as readonly string[]).includes(key)) return issue([key], `unknown operator; one of ${OPERATORS.join(', ')}`);
  }
  if (operators.length !== 1) return issue([], `needs exactly one operator of ${OPERATORS.join(', ')} (got ${operators.length})`);
  const op = operators[0] as (typeof OPERATORS)[number];
  const value = raw[op];

  /** The value as the field holds it, or an error message. */
  const checkValue = (v: unknown): ConditionValue | { error: string } => {
    switch (spec.kind) {
      case 'enum':
        return typeof v === 'string' && (spec.values as readonly string[]).includes(v)
          ? v
          : { error: `${JSON.stringify(v)} is not one of ${spec.values.join(', ')}` };
      case 'number':
        return typeof v === 'number' && Number.isInteger(v) && v >= spec.from && v <= spec.to
          ? v
          : { error: `${JSON.stringify(v)} is not a whole number from ${spec.from} to ${spec.to}` };
      case 'boolean':
        return typeof v === 'boolean' ? v : { error: `${JSON.stringify(v)} is not true or false` };
      case 'code': {
        const code = typeof v === 'string' ? normaliseCode(v, spec.digits) : null;
        return code ?? { error: `${JSON.stringify(v)} is not a ${field} code (${spec.digits} digits, dotted or not)` };
      }
      case 'set':
        return { error: 'prioritas is tested with "has"' };
    }
  };

  if (spec.kind === 'set') {
    if (op !== 'has') return issue([op], 'prioritas takes only the operator "has"');
    if (typeof value !== 'string' || !(PRIORITAS_CATEGORIES as readonly string[]).includes(value)) {
      return issue([op], `${JSON.stringify(value)} is not one of ${PRIORITAS_CATEGORIES.join(', ')}`);
    }
    return { field: 'prioritas', has: value as PrioritasCategory };
  }
  const name = field as ConditionField;
  switch (op) {
    case 'has':
      return issue([op], '"has" applies only to the field prioritas');
    case 'min':
    case 'max':
      if (spec.kind !== 'number') return issue([op], `"${op}" applies only to a number field (arrearsMonths, kelas, desil, age)`);
      if (typeof value !== 'number' || !Number.isFinite(value)) return issue([op], 'must be a number');
      return op === 'min' ? { field: name, min: value } : { field: name, max: value };
    case 'eq': {
      const checked = checkValue(value);
      if (typeof checked === 'object') return issue([op], checked.error);
      return { field: name, eq: checked };
    }
    case 'in': {
      if (!Array.isArray(value)) return issue([op], 'must be a list of values');
      const values: (ConditionValue | null)[] = [];
      for (const [i, v] of value.entries()) {
        if (v === null) {
          values.push(null);
          continue;
        }
        const checked = checkValue(v);
        if (typeof checked === 'object') return issue([op, i], checked.error);
        values.push(checked);
      }
      return { field: name, in: values };
    }
  }
});

const programme = z.strictObject({
  code: z
    .string({ error: 'must be a text' })
    .min(1, { error: 'must not be empty' })
    .max(32, { error: 'must be at most 32 characters' }),
  route: z.enum(ROUTES, { error: `unknown route; one of ${ROUTES.join(', ')}` }),
  name: z.string({ error: 'must be a text' }).max(200, { error: 'must be at most 200 characters' }).optional(),
  quota: int(MAX_QUOTA).nullable().default(null),
  monthly: shares.default({}),
  arrears: shares.default({}),
  eligible: z.array(condition, { error: 'must be a list of conditions' }).default([]),
});

const weights = z.strictObject(Object.fromEntries(WEIGHT_KEYS.map((key) => [key, int(MAX_WEIGHT).default(0)])) as Record<WeightKey, z.ZodDefault<ReturnType<typeof int>>>);

export const programmesSchema = z
  .strictObject({
    horizonMonths: z
      .number({ error: 'must be a whole number from 1 to 24' })
      .int({ error: 'must be a whole number from 1 to 24' })
      .min(1, { error: 'must be a whole number from 1 to 24' })
      .max(24, { error: 'must be a whole number from 1 to 24' }),
    budgets: z.record(funderName, int(MAX_BUDGET)).default({}),
    weights: weights.default(Object.fromEntries(WEIGHT_KEYS.map((key) => [key, 0])) as Weights),
    programs: z.array(programme, { error: 'must be a list of programmes' }),
  });

/**
 * The checks across fields, on the raw file so that they are reported with the others: a repeated
 * programme code, a funder named by a programme without a budget.
 */
function crossChecks(raw: unknown): UsageError[] {
  const errors: UsageError[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw) || !Array.isArray(raw.programs)) return errors;
  const budgets = isObject(raw.budgets) ? raw.budgets : {};
  const seen = new Map<unknown, number>();
  raw.programs.forEach((p: unknown, i: number) => {
    if (!isObject(p)) return;
    if (typeof p.code === 'string') {
      const first = seen.get(p.code);
      if (first !== undefined) errors.push({ path: `programs[${i}].code`, reason: `repeated code ${JSON.stringify(p.code)} (also programs[${first}])` });
      else seen.set(p.code, i);
    }
    for (const part of ['monthly', 'arrears'] as const) {
      const shares = p[part];
      if (!isObject(shares)) continue;
      for (const funder of Object.keys(shares)) {
        if (!Object.hasOwn(budgets, funder)) errors.push({ path: `programs[${i}].${part}.${funder}`, reason: `funder ${JSON.stringify(funder)} has no budget in budgets` });
      }
    }
  });
  return errors;
}

/** `["programs", 1, "route"]` → `programs[1].route`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}

/** A kecamatan or desa code in the dotted form (`52.03.01`, `52.03.01.2001`), or null. */
function normaliseCode(raw: string, digits: number): string | null {
  const text = raw.trim();
  const plain = text.replaceAll('.', '');
  if (!/^\d+$/.test(plain) || plain.length !== digits) return null;
  const dotted = [plain.slice(0, 2), plain.slice(2, 4), plain.slice(4, 6), plain.slice(6, 10)].filter(Boolean).join('.');
  return text === plain || text === dotted ? dotted : null;
}

/**
 * Reads a programmes file: the text of the JSON file, or its already parsed value. Returns the typed
 * programmes (defaults filled in: quota null, monthly/arrears {}, eligible [], missing weights 0) or
 * every usage error, each with its field path and reason.
 */
export function parseProgrammes(json: unknown): ParseResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, errors: [{ path: '', reason: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = programmesSchema.safeParse(value);
  const cross = crossChecks(value);
  if (result.success && cross.length === 0) return { ok: true, value: result.data as Programmes };
  const errors: UsageError[] = [];
  for (const issue of result.error?.issues ?? []) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: formatPath([...issue.path, key]), reason: 'unknown field' });
    } else {
      errors.push({ path: formatPath(issue.path), reason: issue.message });
    }
  }
  return { ok: false, errors: [...errors, ...cross] };
}

/** The usage errors as lines for the command line: `programs[1].route: unknown route; …`. */
export function formatUsageErrors(errors: readonly UsageError[]): string {
  return errors.map((e) => `${e.path || '(file)'}: ${e.reason}`).join('\n');
}

/**
 * The default programmes for Kab. Lombok Timur (docs/rules.md §2, §3.2, §5). Budgets are placeholders for
 * the office to set; every amount not stated by docs/rules.md is marked inferred.
 */
export const DEFAULT_PROGRAMMES: Programmes = {
  horizonMonths: 12,
  budgets: {
    // Placeholder plan-period budgets (inferred): the office sets the real ones.
    APBD: 1_500_000_000,
    // Baznas finances 1,000 miskin-ekstrem residents under SSI (§5.3): 1,000 × 21,000 × 12 (share inferred).
    BAZNAS: 252_000_000,
    DBHCHT: 500_000_000,
    CSR: 60_000_000,
  },
  // Priority weights (inferred): extreme poverty first, then chronic illness and pregnancy.
  weights: { base: 1, miskinEkstrem: 3, balita: 1, lansia: 1, kronis: 2, hamil: 2, disabilitas: 1 },
  programs: [
    {
      code: 'SSI',
      route: 'PBPU_PEMDA',
      name: 'Skema Sharing Iuran Baznas (miskin ekstrem)',
      // 1,000 participants (§5.3, PKS SSI 23 Sept 2025).
      quota: 1000,
      // The split of the 37,800 between Baznas and the Pemda is not published (§5.3): inferred.
      monthly: { BAZNAS: 21_000, APBD: 16_800 },
      arrears: {},
      eligible: [
        { field: 'miskinEkstrem', eq: true },
        { field: 'membership', in: ['NONAKTIF', 'TIDAK_TERDAFTAR'] },
      ],
    },
    {
      code: 'PBI_USULAN',
      route: 'USULAN_PBI',
      name: 'Usulan PBI APBN melalui Dinas Sosial (desil 1–5)',
      // The central PBI quota the district may propose per period is not known: inferred.
      quota: 5000,
      monthly: {},
      arrears: {},
      // PBI targets DTSEN desil 1–5 (§5.5); a deactivated PBI member or an unregistered resident.
      eligible: [
        { field: 'desil', max: 5 },
        { field: 'reason', in: ['PBI_DINONAKTIFKAN', null] },
      ],
    },
    {
      code: 'REHAB',
      route: 'REHAB',
      name: 'REHAB: cicilan tunggakan (4–24 bulan)',
      quota: null,
      monthly: {},
      arrears: {},
      // REHAB is for PBPU & BP with 4–24 months of arrears (§3.2); the member pays the instalments.
      eligible: [
        { field: 'reason', in: ['TUNGGAKAN'] },
        { field: 'segment', in: ['PBPU', 'BP'] },
        { field: 'arrearsMonths', min: 4 },
        { field: 'arrearsMonths', max: 24 },
      ],
    },
    {
      code: 'TUNGGAKAN_CSR',
      route: 'BAYAR_TUNGGAKAN',
      name: 'Pelunasan tunggakan oleh CSR/donasi (≤ 3 bulan)',
      quota: null,
      monthly: {},
      // The class III member share, 35,000 per month of arrears (§2); the 3-month limit is inferred.
      arrears: { CSR: 35_000 },
      eligible: [
        { field: 'reason', in: ['TUNGGAKAN'] },
        { field: 'kelas', in: [3] },
        { field: 'arrearsMonths', max: 3 },
      ],
    },
    {
      code: 'PEMDA_DBHCHT',
      route: 'PBPU_PEMDA',
      name: 'PBPU Pemda dari DBH CHT (prioritas kesehatan)',
      quota: null,
      // 37,800 per person-month (§2, inferred arithmetic: 42,000 − 4,200 central subsidy).
      monthly: { DBHCHT: 37_800 },
      arrears: {},
      // DBH CHT may pay premiums of Pemda-registered residents (§5.2); used here for chronic illness (inferred).
      eligible: [{ field: 'prioritas', has: 'KRONIS' }],
    },
    {
      code: 'PEMDA',
      route: 'PBPU_PEMDA',
      name: 'PBPU Pemda (APBD)',
      quota: null,
      // 37,800 per person-month (§2, inferred arithmetic).
      monthly: { APBD: 37_800 },
      arrears: {},
      eligible: [{ field: 'membership', in: ['NONAKTIF', 'TIDAK_TERDAFTAR'] }],
    },
    {
      code: 'PPU_PEMBERI_KERJA',
      route: 'PEMBERI_KERJA',
      name: 'Penegakan kepatuhan pemberi kerja',
      quota: null,
      monthly: {},
      arrears: {},
      // The employer stopped paying (§3.1): the employer's debt, no cost to the district.
      eligible: [{ field: 'reason', in: ['PPU_BERHENTI'] }],
    },
  ],
};
