/**
 * BPJS member records (VClaim `response.peserta`, PCare `response`; docs/rules.md §7.2–7.3, peers.md §5.1)
 * and their mapping to our membership model. The decrypted payload is checked against the fields we
 * read; anything else BPJS sends is ignored.
 */
import { z } from 'zod';
import type { MembershipFacts } from '../../../domain/eligibility.ts';
import { CLASSES, type InactiveReason, type MembershipClass, type Segment } from '../../../domain/membership.ts';

const codeLabel = z.object({ kode: z.string(), keterangan: z.string() });
const provider = z.object({ kdProvider: z.string().nullable(), nmProvider: z.string().nullable() });

export const vclaimPesertaSchema = z.object({
  nik: z.string(),
  noKartu: z.string(),
  statusPeserta: codeLabel,
  jenisPeserta: codeLabel,
  hakKelas: codeLabel.nullish(),
  provUmum: provider.nullish(),
  /** Last day of validity, `yyyy-MM-dd`. */
  tglTAT: z.string().nullish(),
});
export type VclaimPeserta = z.input<typeof vclaimPesertaSchema>;

export const pcarePesertaSchema = z.object({
  noKartu: z.string(),
  noKTP: z.string().nullish(),
  aktif: z.boolean(),
  ketAktif: z.string(),
  jnsPeserta: z.object({ kode: z.string(), nama: z.string() }),
  jnsKelas: z.object({ kode: z.string(), nama: z.string() }).nullish(),
  kdProviderPst: provider.nullish(),
  /** Last day of validity, `dd-MM-yyyy`. */
  tglAkhirBerlaku: z.string().nullish(),
  /** Arrears; the unit (months or rupiah) is not documented, see mapPcarePeserta. */
  tunggakan: z.number().nullish(),
});
export type PcarePeserta = z.input<typeof pcarePesertaSchema>;

/** A live BPJS answer in our model, plus what the counter may show beside it. */
export interface BpjsMembership extends MembershipFacts {
  cardNumber: string;
  membershipClass: MembershipClass | null;
  /** `YYYY-MM-DD`, from `tglTAT` (VClaim) or `tglAkhirBerlaku` (PCare). */
  validUntil: string | null;
  /** BPJS's own words, kept because the mapping below is partly inferred. */
  segmentLabel: string;
  statusLabel: string;
}

/**
 * `jenisPeserta` / `jnsPeserta` labels seen in BPJS answers (docs/rules.md §1, §7.2, §7.3) → segment.
 * Matched by label, not code: codes are known for only three labels and may differ between VClaim and
 * PCare. BUMN employees are PPU-BU and state contract workers (PPPK) PPU-PN (docs/rules.md §1); pensioners
 * are "bukan pekerja" (Perpres 82/2018 Pasal 4, **inferred**).
 */
export const SEGMENT_BY_LABEL: Readonly<Record<string, Segment>> = {
  'PBI JAMINAN KESEHATAN': 'PBI_APBN',
  'PBI (APBN)': 'PBI_APBN',
  'PBPU DAN BP PEMERINTAH DAERAH': 'PBI_APBD',
  'PBI (APBD)': 'PBI_APBD',
  'PNS PUSAT': 'PPU_PN',
  'PNS DAERAH': 'PPU_PN',
  'PRAJURIT AD': 'PPU_PN',
  'PEGAWAI PEMERINTAH DENGAN PERJANJIAN KERJA': 'PPU_PN',
  'PEGAWAI BUMN': 'PPU_BU',
  'PEGAWAI SWASTA': 'PPU_BU',
  'PEKERJA MANDIRI': 'PBPU',
  'PENERIMA PENSIUN PNS': 'BP',
  'PENERIMA PENSIUN PNS/POLRI/TNI': 'BP',
};

/**
 * An unknown label counts as PBPU, the residual segment of JKN (neither subsidised nor wage-paid). Its
 * routes are Dinas Kesehatan's, the coordinating team, so a wrong guess is seen by the office that
 * sees every case instead of landing in Dinas Sosial's or Disnaker's queue; the label is kept.
 */
export const UNKNOWN_SEGMENT: Segment = 'PBPU';

export function segmentFromLabel(label: string): Segment {
  return SEGMENT_BY_LABEL[normaliseLabel(label)] ?? UNKNOWN_SEGMENT;
}

/**
 * Why a member is not active, from BPJS's status label. Non-active labels are not documented (docs/rules.md
 * §7.2, open question 10); these keywords are **inferred**. An unpaid premium is named after whoever
 * stopped paying: Kemensos for PBI (APBN), the employer for PPU, else the member (or the Pemda).
 */
export function inactiveReasonFromLabel(label: string, segment: Segment): InactiveReason {
  const words = normaliseLabel(label);
  if (words.includes('MENINGGAL')) return 'MENINGGAL';
  if (words.includes('GANDA')) return 'DATA_GANDA';
  if (words.includes('PENANGGUHAN')) return 'PENANGGUHAN';
  if (/PREMI|IURAN|TUNGGAK/.test(words)) return unpaidReason(segment);
  return 'LAINNYA';
}

function unpaidReason(segment: Segment): InactiveReason {
  if (segment === 'PBI_APBN') return 'PBI_DINONAKTIFKAN';
  if (segment === 'PPU_PN' || segment === 'PPU_BU') return 'PPU_BERHENTI';
  return 'TUNGGAKAN';
}

/** VClaim: `statusPeserta.kode` "0" is AKTIF (docs/rules.md §7.2, VCLAIM_STATUS_AKTIF). */
export function mapVclaimPeserta(peserta: z.output<typeof vclaimPesertaSchema>, asOf: string): BpjsMembership {
  const segment = segmentFromLabel(peserta.jenisPeserta.keterangan);
  const active = peserta.statusPeserta.kode === '0';
  return {
    segment,
    status: active ? 'AKTIF' : 'NONAKTIF',
    reason: active ? null : inactiveReasonFromLabel(peserta.statusPeserta.keterangan, segment),
    // VClaim does not say how many months are unpaid.
    arrearsMonths: null,
    primaryFacility: peserta.provUmum?.kdProvider || null,
    asOf,
    cardNumber: peserta.noKartu,
    membershipClass: membershipClass(peserta.hakKelas?.kode),
    validUntil: isoDate(peserta.tglTAT),
    segmentLabel: peserta.jenisPeserta.keterangan,
    statusLabel: peserta.statusPeserta.keterangan,
  };
}

/**
 * PCare: `aktif` decides the status. `tunggakan` > 0 marks an unpaid premium when the label says
 * nothing clearer, but is not taken as months: its unit is not documented and may be rupiah.
 */
export function mapPcarePeserta(peserta: z.output<typeof pcarePesertaSchema>, asOf: string): BpjsMembership {
  const segment = segmentFromLabel(peserta.jnsPeserta.nama);
  const labelled = peserta.aktif ? null : inactiveReasonFromLabel(peserta.ketAktif, segment);
  return {
    segment,
    status: peserta.aktif ? 'AKTIF' : 'NONAKTIF',
    reason: labelled === 'LAINNYA' && (peserta.tunggakan ?? 0) > 0 ? unpaidReason(segment) : labelled,
    arrearsMonths: null,
    primaryFacility: peserta.kdProviderPst?.kdProvider || null,
    asOf,
    cardNumber: peserta.noKartu,
    membershipClass: membershipClass(peserta.jnsKelas?.kode),
    validUntil: isoDate(peserta.tglAkhirBerlaku),
    segmentLabel: peserta.jnsPeserta.nama,
    statusLabel: peserta.ketAktif,
  };
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toUpperCase();
}

function membershipClass(code: string | null | undefined): MembershipClass | null {
  return CLASSES.find((c) => c === code) ?? null;
}

/** `yyyy-MM-dd` (VClaim) or `dd-MM-yyyy` (PCare) → `YYYY-MM-DD`; anything else → null. */
function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
  return dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : null;
}
