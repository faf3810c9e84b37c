/**
 * Households of the synthetic district: who lives on one family card (KK), with ages and sexes that
 * give a young Indonesian age structure (calibration.ts AGE_STRUCTURE) and a mean size of ≈ 3.7.
 */
import type { Sex } from '../../domain/nik.ts';
import type { Rng } from './generate-rng.ts';

/** `relative`: a married child's spouse or a grandchild, living on the parents' card. */
export type Role = 'head' | 'spouse' | 'child' | 'parent' | 'relative';

export interface MemberDraft {
  role: Role;
  sex: Sex;
  /** Age in years at the reference date, with its fraction (so birth dates spread over the year). */
  age: number;
}

export const MAX_FAMILY_SIZE = 8;

/** Age bands of heads of couple households: [[start, width], weight]. */
const HEAD_AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[20, 5], 6],
  [[25, 5], 11],
  [[30, 5], 13],
  [[35, 5], 13],
  [[40, 5], 12],
  [[45, 5], 11],
  [[50, 5], 9],
  [[55, 5], 8],
  [[60, 5], 6],
  [[65, 5], 4.5],
  [[70, 5], 2.5],
  [[75, 5], 1],
  [[80, 10], 0.5],
];

/** Children ever born to a woman by the end of her fertile years. */
const COMPLETED_FERTILITY: readonly (readonly [number, number])[] = [
  [0, 0.05],
  [1, 0.11],
  [2, 0.27],
  [3, 0.27],
  [4, 0.17],
  [5, 0.09],
  [6, 0.04],
];

const LAST_BIRTH_AGE = 44;
const FIRST_BIRTH_MIN_AGE = 18;

export function drawHousehold(rng: Rng): MemberDraft[] {
  const r = rng.next();
  if (r < 0.04) {
    // Elderly living alone, mostly widows.
    return [{ role: 'head', sex: rng.chance(0.7) ? 'P' : 'L', age: 60 + rng.next() * 30 }];
  }
  if (r < 0.09) {
    return [{ role: 'head', sex: rng.chance(0.6) ? 'L' : 'P', age: 19 + rng.next() * 26 }];
  }
  if (r < 0.15) {
    // A widowed or divorced mother heads the card.
    const age = 24 + rng.next() * 36;
    return capped([{ role: 'head', sex: 'P', age }, ...children(rng, age)]);
  }
  const [start, width] = rng.weighted(HEAD_AGE_BANDS);
  const headAge = start + rng.next() * width;
  const spouseAge = Math.max(17 + rng.next(), headAge - clamp(Math.round(4 + 3 * rng.normal()), -3, 15) + rng.next() - 0.5);
  const members: MemberDraft[] = [
    { role: 'head', sex: 'L', age: headAge },
    { role: 'spouse', sex: 'P', age: spouseAge },
    ...children(rng, spouseAge),
  ];
  if (spouseAge >= 42 && rng.chance(0.22)) {
    // A married child stays on the parents' card with a spouse and their own children.
    const age = Math.max(20 + rng.next(), spouseAge - FIRST_BIRTH_MIN_AGE - 1 - rng.next() * 8);
    const sex: Sex = rng.chance(0.5) ? 'L' : 'P';
    const partnerAge = sex === 'L' ? Math.max(17 + rng.next(), age - 3 - rng.next() * 4) : age + 1 + rng.next() * 5;
    const motherAge = sex === 'P' ? age : partnerAge;
    members.push(
      { role: 'child', sex, age },
      { role: 'relative', sex: sex === 'L' ? 'P' : 'L', age: partnerAge },
      // At most three grandchildren, so the card stays within the maximum without dropping their parent.
      ...children(rng, motherAge)
        .slice(0, 3)
        .map((c): MemberDraft => ({ ...c, role: 'relative' })),
    );
  } else if (headAge < 60 && rng.chance(0.22)) {
    // A widowed parent of the head or spouse moves in.
    members.push({ role: 'parent', sex: rng.chance(0.7) ? 'P' : 'L', age: Math.min(95, headAge + 22 + rng.next() * 14) });
  }
  return capped(members);
}

/** Children still on the card of a mother now aged `motherAge`, eldest first; each born when she was 18–44. */
function children(rng: Rng, motherAge: number): MemberDraft[] {
  const wanted = rng.weighted(COMPLETED_FERTILITY);
  const born: MemberDraft[] = [];
  let birthAge = FIRST_BIRTH_MIN_AGE + rng.next() * 4 + rng.next() * 5;
  for (let i = 0; i < wanted && birthAge <= LAST_BIRTH_AGE && birthAge < motherAge; i++) {
    const age = motherAge - birthAge;
    const sex: Sex = rng.chance(0.51) ? 'L' : 'P';
    if (rng.chance(stillAtHome(age, sex))) born.push({ role: 'child', sex, age });
    birthAge += 2 + rng.next() * 2 + rng.next() * 3;
  }
  return born;
}

/** Grown children leave the card when they marry; daughters marry younger. */
function stillAtHome(age: number, sex: Sex): number {
  if (age < 18) return 1;
  if (age < 25) return sex === 'L' ? 0.8 : 0.6;
  if (age < 35) return sex === 'L' ? 0.35 : 0.2;
  return 0.03;
}

/** The eldest children are the ones who have left when a card would exceed the maximum size. */
function capped(members: MemberDraft[]): MemberDraft[] {
  while (members.length > MAX_FAMILY_SIZE) {
    members.splice(members.findIndex((m) => m.role === 'child'), 1);
  }
  return members;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
