/** JKN membership vocabulary, exactly as the BPJS extract carries it (formats.md `peserta`). */

export const SEGMENTS = ['PBI_APBN', 'PBI_APBD', 'PPU_PN', 'PPU_BU', 'PBPU', 'BP'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const MEMBERSHIP_STATUSES = ['AKTIF', 'NONAKTIF'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** Why a member is not active; docs/rules.md §3.1. `PENANGGUHAN` = the first premium was never paid. */
export const INACTIVE_REASONS = [
  'TUNGGAKAN',
  'PENANGGUHAN',
  'PBI_DINONAKTIFKAN',
  'PPU_BERHENTI',
  'MENINGGAL',
  'DATA_GANDA',
  'LAINNYA',
] as const;
export type InactiveReason = (typeof INACTIVE_REASONS)[number];

export const CLASSES = ['1', '2', '3'] as const;
export type MembershipClass = (typeof CLASSES)[number];

export const RESIDENT_STATUSES = ['HIDUP', 'MENINGGAL', 'PINDAH'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];

/** The segment paid by the district (PBPU Pemda); its share of the population counts for the UHC Award. */
export const PEMDA_SEGMENT: Segment = 'PBI_APBD';
