/**
 * Public Lombok Timur figures the synthetic demo district is calibrated to (docs/rules.md §1, §3, §8.2),
 * and the per-segment rates derived from them. Figures marked "assumption" have no public source;
 * they are chosen to be plausible and to make the published totals come out.
 */
import type { InactiveReason, MembershipClass, Segment } from '../../domain/membership.ts';

/** Living residents at scale 1: mid-2024 estimate (docs/rules.md §8.2, en.wikipedia.org/wiki/East_Lombok_Regency). */
export const POPULATION = 1_457_591;

/** JKN members by segment, May 2025 (docs/rules.md §1, suarantb.com 2025-05-23). */
export const MEMBERS_MAY_2025 = {
  PBI_APBN: 960_341,
  PBI_APBD: 195_137,
  PPU: 187_552,
  PBPU: 69_444,
  BP: 13_290,
} as const;

/** Assumption: the source gives PPU as one figure; ≈ a third are state workers (PNS, TNI/Polri, PPPK, village officials). */
export const PPU_PN_MEMBERS = 62_000;

/** Members among living residents at scale 1, by segment. */
export const SEGMENT_MEMBERS: Record<Segment, number> = {
  PBI_APBN: MEMBERS_MAY_2025.PBI_APBN,
  PBI_APBD: MEMBERS_MAY_2025.PBI_APBD,
  PPU_PN: PPU_PN_MEMBERS,
  PPU_BU: MEMBERS_MAY_2025.PPU - PPU_PN_MEMBERS,
  PBPU: MEMBERS_MAY_2025.PBPU,
  BP: MEMBERS_MAY_2025.BP,
};

/** 1,425,764: coverage 97.82 %, matching the 97.81 % reported for 1 May 2025 (docs/rules.md §8.2, gaunglombok). */
export const REGISTERED = Object.values(SEGMENT_MEMBERS).reduce((a, b) => a + b, 0);

/** Reference date of the demo: ages are computed at, and the current extract is valid for, this day. */
export const REFERENCE_DATE = '2025-05-31';

/**
 * The BPJS extracts of the demo, oldest first. 75 % in May 2025 is public (docs/rules.md §8.2, gaunglombok);
 * the earlier rates are an assumption (the 76.56 % quoted for March 2025 could not be confirmed, docs/rules.md
 * open question 3) showing the decline that led to SMART JKN.
 */
export const EXTRACTS = [
  { dataPer: '2025-01-31', activeRate: 0.775, monthsBeforeCurrent: 4 },
  { dataPer: '2025-03-31', activeRate: 0.765, monthsBeforeCurrent: 2 },
  { dataPer: REFERENCE_DATE, activeRate: 0.75, monthsBeforeCurrent: 0 },
] as const;
export const CURRENT_EXTRACT = EXTRACTS.length - 1;
export const CURRENT_ACTIVE_RATE = EXTRACTS[CURRENT_EXTRACT].activeRate;

/**
 * Assumption: inactive share of each segment's members, from the causes in docs/rules.md §3.1 — self-payers
 * fall into arrears, private employers stop paying, state and district payers almost never do.
 */
export const ASSUMED_INACTIVE_RATE: Record<Exclude<Segment, 'PBI_APBN'>, number> = {
  PBI_APBD: 0.02,
  PPU_PN: 0.01,
  PPU_BU: 0.15,
  PBPU: 0.55,
  BP: 0.45,
};

/** PBI APBN (the 2025 Kemensos removals) takes the rest, so the district comes out at the published 75 %. */
export const INACTIVE_RATE: Record<Segment, number> = {
  ...ASSUMED_INACTIVE_RATE,
  PBI_APBN:
    (REGISTERED -
      CURRENT_ACTIVE_RATE * POPULATION -
      Object.entries(ASSUMED_INACTIVE_RATE).reduce((sum, [s, r]) => sum + r * SEGMENT_MEMBERS[s as Segment], 0)) /
    SEGMENT_MEMBERS.PBI_APBN,
};

/**
 * The cause shared by an inactive family unit (docs/rules.md §3.1). PBI APBD has no cause of its own in the
 * extract vocabulary; its rare lapses are Pemda-side data problems (LAINNYA).
 */
export const UNIT_CAUSES: Record<Segment, readonly (readonly [InactiveReason, number])[]> = {
  PBI_APBN: [['PBI_DINONAKTIFKAN', 1]],
  PBI_APBD: [['LAINNYA', 1]],
  PPU_PN: [
    ['PPU_BERHENTI', 0.5],
    ['LAINNYA', 0.5],
  ],
  PPU_BU: [['PPU_BERHENTI', 1]],
  PBPU: [
    ['TUNGGAKAN', 0.85],
    ['PENANGGUHAN', 0.15],
  ],
  BP: [
    ['TUNGGAKAN', 0.88],
    ['PENANGGUHAN', 0.12],
  ],
};

/** Assumption: a few inactive members have a personal cause instead of the unit's (wrongly marked dead, duplicates). */
export const PERSONAL_CAUSE_SHARE = 0.03;
export const PERSONAL_CAUSES: readonly (readonly [InactiveReason, number])[] = [
  ['MENINGGAL', 0.3],
  ['DATA_GANDA', 0.4],
  ['LAINNYA', 0.3],
];

/**
 * Assumption: PBI removals follow DTSEN (docs/rules.md §3.1): a member in desil 6–10 or absent from DTSEN is
 * this many times as likely to be removed as one in desil 1–5.
 */
export const PBI_REMOVAL_WEIGHT_NOT_POOR = 8;
/** Assumption: the poorest self-payers (desil 1–4) fall into arrears twice as often. */
export const ARREARS_WEIGHT_POOR = 2;

/** Assumption: Pemda enrolments (PBI APBD) first seen in each later extract, as a share of its active members. */
export const PEMDA_NEW_REGISTRATION_SHARE = 0.015;

/** Registered but inactive, as a share of the population (the unregistered are not inactive members). */
const INACTIVE_SHARE = REGISTERED / POPULATION - CURRENT_ACTIVE_RATE;
const ACTIVE_PEMDA_SHARE = (SEGMENT_MEMBERS.PBI_APBD * (1 - INACTIVE_RATE.PBI_APBD)) / POPULATION;
/** Share of inactive members whose unit never paid (PENANGGUHAN): they were never active, so they do not move the trend. */
const NEVER_PAID_SHARE =
  Object.entries(UNIT_CAUSES).reduce((sum, [segment, causes]) => {
    const total = causes.reduce((t, [, w]) => t + w, 0);
    const neverPaid = causes.filter(([c]) => c === 'PENANGGUHAN').reduce((t, [, w]) => t + w, 0);
    return sum + INACTIVE_RATE[segment as Segment] * SEGMENT_MEMBERS[segment as Segment] * (neverPaid / total);
  }, 0) /
  (INACTIVE_SHARE * POPULATION);

/**
 * For members inactive now (other than never-paid): the share that became inactive by each extract. The rise
 * in inactivity between extracts, plus the Pemda enrolments that were not yet there, gives the earlier rates.
 */
export const INACTIVE_SINCE_SHARE: readonly number[] = (() => {
  const becameInactive = EXTRACTS.map((extract, e) =>
    e === 0
      ? 0
      : (EXTRACTS[e - 1].activeRate - extract.activeRate + PEMDA_NEW_REGISTRATION_SHARE * ACTIVE_PEMDA_SHARE) /
        (INACTIVE_SHARE * (1 - NEVER_PAID_SHARE)),
  );
  const later = becameInactive.reduce((a, b) => a + b, 0);
  return becameInactive.map((share, e) => (e === 0 ? 1 - later : share));
})();

/**
 * Assumption: the kecamatan multipliers on inactivity span this range (then are normalised so the district
 * keeps its rate), which puts the best kecamatan above 85 % active and the worst under 70 %.
 */
export const KECAMATAN_INACTIVITY_RANGE = [0.35, 1.3] as const;

/** Residents who died (≈ 0.5 %) or moved out (≈ 0.8 %) still in the register, per living resident. */
export const DECEASED_SHARE = 0.005;
export const MOVED_SHARE = 0.008;
/** Share of them that still have a membership row (reported as deceased or moved members). */
export const FORMER_RESIDENT_MEMBER_SHARE = 0.5;
/** Share of membership rows whose NIK is in no population row (unmatched members). */
export const UNMATCHED_MEMBER_SHARE = 0.002;

/**
 * DTSEN (docs/rules.md §3.1, §5): everyone in desil 1–5 (≈ half the district) is listed; of the richer, this
 * share (assumption). Desil are national deciles of a family's welfare; ≈ 1.5 % are extreme poor, all in desil 1.
 */
export const DTSEN_RICHER_LISTED_SHARE = 0.4;
export const EXTREME_POOR_SHARE = 0.015;

/** Assumption: class entitlement by segment (docs/rules.md §1): PBI class 3, PPU 1–2 by rank or wage, self-payers choose. */
export const CLASS_WEIGHTS: Record<Segment, readonly (readonly [MembershipClass, number])[]> = {
  PBI_APBN: [['3', 1]],
  PBI_APBD: [['3', 1]],
  PPU_PN: [
    ['1', 0.4],
    ['2', 0.6],
  ],
  PPU_BU: [
    ['1', 0.25],
    ['2', 0.75],
  ],
  PBPU: [
    ['1', 0.07],
    ['2', 0.13],
    ['3', 0.8],
  ],
  BP: [
    ['1', 0.12],
    ['2', 0.18],
    ['3', 0.7],
  ],
};

/** Age structure of a young Indonesian district the household model is tuned to (BPS-like shape, assumption). */
export const AGE_STRUCTURE = { under15: 0.27, over65: 0.065, sexRatio: 1 } as const;
