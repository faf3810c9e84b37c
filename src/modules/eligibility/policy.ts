/**
 * The district's eligibility choices, from the environment. Whether the district guarantees care for
 * residents whose membership is not active is its own decision; the SLA hours are **inferred** defaults
 * (docs/rules.md gives no official figures), so each is configurable.
 */
import type { CaseRoute, DistrictPolicy } from '../../domain/eligibility.ts';

export const DEFAULT_SLA_HOURS: Record<CaseRoute, number> = {
  DINSOS_REAKTIVASI_PBI: 72, // Kemensos can verify within a day when complete (docs/rules.md §3.2)
  PBPU_PEMDA: 24, // under UHC Prioritas active on the day of registration (§3.4)
  BAYAR_TUNGGAKAN: 72,
  REHAB_ATAU_PBPU_PEMDA: 168,
  DISNAKER_PEMBERI_KERJA: 336,
  PEMBAYARAN_PERTAMA: 336, // first premium payable 14–30 days after the virtual account (§3.3)
  KOREKSI_DATA: 168,
  PENDAFTARAN: 24,
  VERIFIKASI_DUKCAPIL: 72,
  TELUSURI_PENYEBAB: 72,
};

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'tidak'].includes(value.toLowerCase());
}

export function districtPolicy(env: NodeJS.ProcessEnv = process.env): DistrictPolicy {
  const slaHours = { ...DEFAULT_SLA_HOURS };
  for (const route of Object.keys(slaHours) as CaseRoute[]) {
    const value = Number(env[`SMART_JKN_SLA_HOURS_${route}`]);
    if (Number.isFinite(value) && value > 0) slaHours[route] = value;
  }
  return {
    guaranteeInactive: flag(env.SMART_JKN_GUARANTEE_INACTIVE, true),
    guaranteeUnregistered: flag(env.SMART_JKN_GUARANTEE_UNREGISTERED, true),
    slaHours,
  };
}
