/**
 * Eligibility at the counter: from what the mirror (or BPJS) knows about one NIK, what the desk tells
 * the patient and which case opens for the office that can fix the membership. Pure rules, no I/O.
 *
 * - An active member is served under JKN and never gets a case (formats.md, HTTP API).
 * - A living resident of the district whose membership is not active is served under the district
 *   guarantee when the district has chosen so, and a case opens at once with the route that fits the
 *   cause and an SLA clock.
 * - A NIK the population register does not place in the district gets no guarantee; the desk sends
 *   the person to Dukcapil. Emergency care is never refused (docs/rules.md §6.1).
 *
 * Every route carries its basis in docs/rules.md, in English for the record, and a short Indonesian
 * next step for the desk.
 */
import type { InactiveReason, MembershipStatus, ResidentStatus, Segment } from './membership.ts';

export interface ResidentFacts {
  status: ResidentStatus;
}

export interface MembershipFacts {
  segment: Segment;
  status: MembershipStatus;
  /** Set for NONAKTIF members when the source says why. */
  reason: InactiveReason | null;
  /** Months of unpaid premium, when the source gives it. */
  arrearsMonths: number | null;
  /** BPJS code of the registered primary facility (FKTP). */
  primaryFacility: string | null;
  /** The date the source's answer is valid for (`YYYY-MM-DD`). */
  asOf: string;
}

export interface WelfareFacts {
  /** DTSEN desil 1–10, 1 = poorest. */
  desil: number;
  extremePoor: boolean;
}

/** What is known about one NIK; null where the source has no row. */
export interface EligibilityFacts {
  resident: ResidentFacts | null;
  membership: MembershipFacts | null;
  welfare: WelfareFacts | null;
}

export const CASE_ROUTES = [
  'DINSOS_REAKTIVASI_PBI',
  'PBPU_PEMDA',
  'BAYAR_TUNGGAKAN',
  'REHAB_ATAU_PBPU_PEMDA',
  'DISNAKER_PEMBERI_KERJA',
  'PEMBAYARAN_PERTAMA',
  'KOREKSI_DATA',
  'PENDAFTARAN',
  'VERIFIKASI_DUKCAPIL',
  'TELUSURI_PENYEBAB',
] as const;
export type CaseRoute = (typeof CASE_ROUTES)[number];

export type Office = 'dinkes' | 'dinsos' | 'disnaker' | 'disdukcapil';

/**
 * The office that works each route. Dinas Kesehatan (Tim SMART JKN) holds every route that the
 * district pays for or has to chase with BPJS; Dinas Sosial holds PBI, Disnaker employers, Dukcapil
 * the population register.
 */
export const ROUTE_OFFICE: Record<CaseRoute, Office> = {
  DINSOS_REAKTIVASI_PBI: 'dinsos',
  PBPU_PEMDA: 'dinkes',
  BAYAR_TUNGGAKAN: 'dinkes',
  REHAB_ATAU_PBPU_PEMDA: 'dinkes',
  DISNAKER_PEMBERI_KERJA: 'disnaker',
  PEMBAYARAN_PERTAMA: 'dinkes',
  KOREKSI_DATA: 'dinkes',
  PENDAFTARAN: 'dinkes',
  VERIFIKASI_DUKCAPIL: 'disdukcapil',
  TELUSURI_PENYEBAB: 'dinkes',
};

const OFFICE_NAME: Record<Office, string> = {
  dinkes: 'Dinas Kesehatan',
  dinsos: 'Dinas Sosial',
  disnaker: 'Disnaker',
  disdukcapil: 'Dukcapil',
};

/** How the desk names each case in the next step. */
const ROUTE_LABEL: Record<CaseRoute, string> = {
  DINSOS_REAKTIVASI_PBI: 'reaktivasi PBI',
  PBPU_PEMDA: 'pendaftaran PBPU Pemda',
  BAYAR_TUNGGAKAN: 'pelunasan tunggakan',
  REHAB_ATAU_PBPU_PEMDA: 'REHAB atau PBPU Pemda',
  DISNAKER_PEMBERI_KERJA: 'tindak lanjut pemberi kerja',
  PEMBAYARAN_PERTAMA: 'pembayaran iuran pertama',
  KOREKSI_DATA: 'koreksi data',
  PENDAFTARAN: 'pendaftaran JKN',
  VERIFIKASI_DUKCAPIL: 'verifikasi kependudukan',
  TELUSURI_PENYEBAB: 'penelusuran status',
};

/** What a resident checking their own status is told to do, by route (plain Indonesian). */
export const RESIDENT_ADVICE: Record<CaseRoute | 'AKTIF', string> = {
  AKTIF: 'Kepesertaan JKN Anda aktif. Cukup bawa e-KTP saat berobat.',
  DINSOS_REAKTIVASI_PBI: 'Datang ke Puskesmas atau Dinas Sosial untuk reaktivasi PBI; bawa e-KTP dan KK.',
  PBPU_PEMDA: 'Datang ke Puskesmas atau Dinas Kesehatan untuk didaftarkan sebagai peserta yang iurannya dibayar Pemda.',
  BAYAR_TUNGGAKAN: 'Lunasi tunggakan dan iuran bulan berjalan lewat kanal pembayaran BPJS Kesehatan.',
  REHAB_ATAU_PBPU_PEMDA:
    'Tunggakan dapat dicicil lewat program REHAB BPJS Kesehatan, atau datang ke Puskesmas untuk pendaftaran PBPU Pemda.',
  DISNAKER_PEMBERI_KERJA: 'Iuran Anda tidak dibayar pemberi kerja: hubungi bagian personalia tempat Anda bekerja atau Disnaker.',
  PEMBAYARAN_PERTAMA: 'Bayar iuran pertama lewat virtual account BPJS Kesehatan; kartu aktif sejak pembayaran.',
  KOREKSI_DATA: 'Data Anda perlu diperbaiki: datang ke kantor BPJS Kesehatan atau Puskesmas dengan e-KTP dan KK.',
  PENDAFTARAN: 'Anda belum terdaftar JKN: datang ke Puskesmas atau Dinas Kesehatan untuk didaftarkan.',
  VERIFIKASI_DUKCAPIL: 'Hubungi Dukcapil untuk memeriksa data kependudukan Anda.',
  TELUSURI_PENYEBAB: 'Hubungi Puskesmas atau BPJS Kesehatan untuk menelusuri status kepesertaan Anda.',
};

/** The district's choices (configuration). */
export interface DistrictPolicy {
  /** Serve residents whose membership is not active at the district's cost. */
  guaranteeInactive: boolean;
  /** Serve residents with no membership at all at the district's cost. */
  guaranteeUnregistered: boolean;
  /** Hours from opening to due, per route. */
  slaHours: Record<CaseRoute, number>;
}

/** REHAB instalments are open from 4 months of arrears (older pages: 3) up to 24 (docs/rules.md §3.2). */
export const REHAB_MIN_ARREARS_MONTHS = 4;
/** Arrears are counted up to 24 months when a member reactivates (docs/rules.md §3.2). */
export const REACTIVATION_MAX_ARREARS_MONTHS = 24;
/** PBI-JK targets DTSEN desil 1–5 (docs/rules.md §3.2, §5.5). */
export const PBI_MAX_DESIL = 5;

const MS_PER_HOUR = 3_600_000;

export type MembershipAnswer = MembershipStatus | 'TIDAK_TERDAFTAR';
export type ServiceBasis = 'JKN_AKTIF' | 'JAMINAN_PEMDA' | 'TIDAK';

export interface CaseToOpen {
  route: CaseRoute;
  ownerOffice: Office;
  openedAt: Date;
  dueAt: Date;
  /** The rule and its source, e.g. "Permensos 3/2026 — … (docs/rules.md §3.2)". */
  basis: string;
}

/** The eligibility answer's fields (formats.md HTTP API), the desk's next step and the case to open. */
export interface EligibilityDecision {
  resident: boolean;
  membership: MembershipAnswer;
  reason: InactiveReason | null;
  served: boolean;
  basis: ServiceBasis;
  /** Short, plain Indonesian for the front desk. */
  nextStep: string;
  case: CaseToOpen | null;
}

interface RouteChoice {
  route: CaseRoute;
  basis: string;
  /** What the desk should know or do before the case sentence, if anything. */
  situation: string | null;
}

const BASIS = {
  pbiPoor:
    'Permensos 3/2026 — PBI-JK reactivation through Dinas Sosial, SIKS-NG and Kemensos, with the facility letter ' +
    '(surat keterangan berobat); PBI targets DTSEN desil 1–5 (docs/rules.md §3.2, §5.5)',
  pbiNotPoor:
    'Permensos 3/2026 — PBI-JK is for DTSEN desil 1–5; desil 6–10 or not in DTSEN is reactivated only for urgent ' +
    'care with a facility letter, otherwise the resident is registered as PBPU Pemda (docs/rules.md §3.2, §1)',
  pemdaLapsed:
    'PBPU Pemda is paid by the district; the membership lapses with Pemda arrears (UHC cut-off) and the district ' +
    're-registers the resident (docs/rules.md §3.1, §3.4)',
  stateWorkerEnded:
    'PPU after employment ends: PHK cover for at most 6 months (Perpres 59/2024 Pasal 27), then PBPU; the district ' +
    'registers the resident as PBPU Pemda (docs/rules.md §3.1)',
  arrearsShort:
    'PBPU/BP reactivation: pay the arrears (counted up to 24 months) plus the current month; REHAB instalments ' +
    'start at 4 months (docs/rules.md §3.2)',
  rehab:
    'REHAB — PBPU/BP with 4–24 months of arrears pay in at most 12 instalments and are active once fully paid; ' +
    'or registration as PBPU Pemda (docs/rules.md §3.2, §1)',
  employer:
    'Perpres 82/2018 Pasal 13 — employers register and pay for their workers; unpaid premiums are the ' +
    "employer's debt and the worker keeps benefits (Perpres 59/2024 Pasal 27) (docs/rules.md §3.1, §5.6)",
  firstPremium:
    'New PBPU: the first premium is payable 14–30 days after the virtual account is issued and the card is ' +
    'active from that payment ("nonaktif penangguhan") (docs/rules.md §3.1, §3.3)',
  memberDeceased:
    'BPJS admin service "penonaktifan peserta meninggal": a patient at the desk is alive, so the record is ' +
    'corrected (docs/rules.md §3.1)',
  duplicate: 'BPJS admin service "perbaikan data ganda" (docs/rules.md §3.1)',
  unknownCause:
    'Cause of the non-active status not given; BPJS is the system of record, so the cause is traced with the ' +
    'branch (docs/rules.md §3.5, open question 10)',
  residentDeceased:
    'The population register (Dukcapil) records this NIK as deceased; residence and life status come from the ' +
    'register (formats.md penduduk; docs/rules.md §8.1)',
  unregistered:
    'Unregistered resident: registration as PBI (DTSEN desil 1–5, through Dinas Sosial) or as PBPU Pemda; under ' +
    'UHC Prioritas active on the day of registration (docs/rules.md §3.4, §5)',
  notInRegister:
    'Residence comes from the population register, never from the NIK (docs/rules.md §8.1); emergency care needs ' +
    'no referral or card (docs/rules.md §6.1)',
  movedOut:
    'The population register records a move out of the district, and the district guarantee is for its ' +
    'residents (formats.md penduduk; docs/rules.md §8.1)',
} as const;

export function decideEligibility(facts: EligibilityFacts, policy: DistrictPolicy, now: Date): EligibilityDecision {
  const { resident, membership, welfare } = facts;
  const answer: Answer = {
    resident: resident?.status === 'HIDUP',
    membership: membership?.status ?? 'TIDAK_TERDAFTAR',
    reason: membership?.status === 'NONAKTIF' ? membership.reason : null,
  };

  if (membership?.status === 'AKTIF') {
    // BPJS is the system of record for coverage, so a register that says otherwise only warns the desk.
    const warning =
      resident?.status === 'MENINGGAL' ? ' Data kependudukan mencatat NIK ini meninggal: cocokkan identitas pasien.' : '';
    return decision(answer, true, 'JKN_AKTIF', `Layani pasien: JKN aktif.${warning}`, null);
  }

  if (resident?.status === 'MENINGGAL') {
    return withCase(answer, false, policy, now, {
      route: 'KOREKSI_DATA',
      basis: BASIS.residentDeceased,
      situation: 'Data kependudukan mencatat NIK ini meninggal: cocokkan identitas pasien.',
    });
  }
  if (resident === null || resident.status === 'PINDAH') {
    return withCase(answer, false, policy, now, {
      route: 'VERIFIKASI_DUKCAPIL',
      basis: resident === null ? BASIS.notInRegister : BASIS.movedOut,
      situation:
        resident === null
          ? 'NIK tidak ada di data kependudukan kabupaten: arahkan pasien ke Dukcapil.'
          : 'Data kependudukan mencatat pindah keluar kabupaten: arahkan pasien ke Dukcapil.',
    });
  }

  if (membership === null) {
    return withCase(answer, policy.guaranteeUnregistered, policy, now, {
      route: 'PENDAFTARAN',
      basis: BASIS.unregistered,
      situation: 'Belum terdaftar JKN.',
    });
  }
  return withCase(answer, policy.guaranteeInactive, policy, now, inactiveRoute(membership, welfare));
}

/** The route for a non-active member, by cause; for unpaid premiums the segment names who stopped paying. */
function inactiveRoute(membership: MembershipFacts, welfare: WelfareFacts | null): RouteChoice {
  switch (membership.reason) {
    case 'MENINGGAL':
      return { route: 'KOREKSI_DATA', basis: BASIS.memberDeceased, situation: 'BPJS mencatat peserta meninggal.' };
    case 'DATA_GANDA':
      return { route: 'KOREKSI_DATA', basis: BASIS.duplicate, situation: 'Data kepesertaan ganda.' };
    case 'PENANGGUHAN':
      return { route: 'PEMBAYARAN_PERTAMA', basis: BASIS.firstPremium, situation: 'Iuran pertama belum dibayar.' };
    case 'PBI_DINONAKTIFKAN':
    case 'TUNGGAKAN':
    case 'PPU_BERHENTI':
      return unpaidRoute(membership, welfare);
    case 'LAINNYA':
    case null:
      return { route: 'TELUSURI_PENYEBAB', basis: BASIS.unknownCause, situation: 'Penyebab nonaktif belum diketahui.' };
  }
}

function unpaidRoute(membership: MembershipFacts, welfare: WelfareFacts | null): RouteChoice {
  switch (membership.segment) {
    case 'PBI_APBN':
      return isPoor(welfare)
        ? { route: 'DINSOS_REAKTIVASI_PBI', basis: BASIS.pbiPoor, situation: 'Terbitkan surat keterangan berobat.' }
        : {
            // The visit itself may qualify (urgent care); the desk knows, the rules here do not.
            route: 'PBPU_PEMDA',
            basis: BASIS.pbiNotPoor,
            situation:
              'Bila perawatan mendesak (kronis, katastropik, gawat darurat), terbitkan surat keterangan berobat ' +
              'untuk reaktivasi PBI lewat Dinas Sosial.',
          };
    case 'PBI_APBD':
      return { route: 'PBPU_PEMDA', basis: BASIS.pemdaLapsed, situation: 'Kepesertaan PBPU Pemda terputus.' };
    case 'PPU_BU':
      return { route: 'DISNAKER_PEMBERI_KERJA', basis: BASIS.employer, situation: 'Iuran tidak dibayar pemberi kerja.' };
    case 'PPU_PN':
      // A government employer is outside Disnaker's enforcement; the member falls back to PBPU.
      return {
        route: 'PBPU_PEMDA',
        basis: BASIS.stateWorkerEnded,
        situation: 'Kepesertaan sebagai pegawai pemerintah berakhir.',
      };
    case 'PBPU':
    case 'BP':
      return arrearsRoute(membership.arrearsMonths);
  }
}

/** A PBPU/BP member's own arrears: small ones are paid at once, larger ones through REHAB or PBPU Pemda. */
function arrearsRoute(months: number | null): RouteChoice {
  if (months !== null && months < REHAB_MIN_ARREARS_MONTHS) {
    return {
      route: 'BAYAR_TUNGGAKAN',
      basis: BASIS.arrearsShort,
      situation: `Tunggakan ${months} bulan: lunasi tunggakan dan iuran bulan berjalan.`,
    };
  }
  // Unknown arrears go the same way: the office checks the amount before choosing.
  const described =
    months === null
      ? 'Tunggakan belum diketahui'
      : months > REACTIVATION_MAX_ARREARS_MONTHS
        ? `Tunggakan ${months} bulan (dihitung ${countedArrearsMonths(months)} bulan)`
        : `Tunggakan ${months} bulan`;
  return {
    route: 'REHAB_ATAU_PBPU_PEMDA',
    basis: BASIS.rehab,
    situation: `${described}: tawarkan cicilan REHAB atau pendaftaran PBPU Pemda.`,
  };
}

/** Months that count for reactivation: arrears beyond 24 months are not charged (docs/rules.md §3.2). */
export function countedArrearsMonths(months: number): number {
  return Math.min(months, REACTIVATION_MAX_ARREARS_MONTHS);
}

/** DTSEN desil 1–5, or flagged extreme poor (the flag wins over a stale desil). Not in DTSEN is not poor here. */
function isPoor(welfare: WelfareFacts | null): boolean {
  return welfare !== null && (welfare.desil <= PBI_MAX_DESIL || welfare.extremePoor);
}

function withCase(
  answer: Answer,
  served: boolean,
  policy: DistrictPolicy,
  now: Date,
  choice: RouteChoice,
): EligibilityDecision {
  const ownerOffice = ROUTE_OFFICE[choice.route];
  const service = served
    ? 'Layani pasien dengan jaminan Pemda.'
    : 'Tidak ada jaminan JKN atau Pemda; pasien gawat darurat tetap dilayani.';
  const situation = choice.situation === null ? '' : ` ${choice.situation}`;
  return decision(
    answer,
    served,
    served ? 'JAMINAN_PEMDA' : 'TIDAK',
    `${service}${situation} Kasus ${ROUTE_LABEL[choice.route]} dibuka untuk ${OFFICE_NAME[ownerOffice]}.`,
    {
      route: choice.route,
      ownerOffice,
      openedAt: now,
      dueAt: new Date(now.getTime() + policy.slaHours[choice.route] * MS_PER_HOUR),
      basis: choice.basis,
    },
  );
}

type Answer = Pick<EligibilityDecision, 'resident' | 'membership' | 'reason'>;

function decision(answer: Answer, served: boolean, basis: ServiceBasis, nextStep: string, toOpen: CaseToOpen | null): EligibilityDecision {
  return { ...answer, served, basis, nextStep, case: toOpen };
}

export type SlaState = 'green' | 'amber' | 'red';

/**
 * Traffic light for an SLA clock: red once the due time is reached, amber in the last quarter of the
 * window (time left ≤ 25 % of opened→due), green before. Compared in whole milliseconds, so the
 * boundaries are exact. (The window's start is needed to know its last quarter, hence `openedAt`.)
 */
export function slaState(clock: { openedAt: Date; dueAt: Date }, now: Date): SlaState {
  const left = clock.dueAt.getTime() - now.getTime();
  if (left <= 0) return 'red';
  return 4 * left <= clock.dueAt.getTime() - clock.openedAt.getTime() ? 'amber' : 'green';
}
