import type { UhcCategory } from '../../lib/api.ts';
import { COLORS } from '../../lib/echarts.ts';

/** Active-rate (keaktifan) thresholds of the UHC Award 2026 categories (formats.md), in percent. */
export const ACTIVE_RATE_THRESHOLDS: { category: Exclude<UhcCategory, 'NONE'>; percent: number; color: string }[] = [
  { category: 'PRATAMA', percent: 80, color: COLORS.pratama },
  { category: 'MADYA', percent: 85, color: COLORS.madya },
  { category: 'UTAMA', percent: 95, color: COLORS.utama },
];

/** A calm traffic light for an active rate: below 80 %, 80–85 %, 85–95 %, 95 % and above. */
export function activeRateTone(fraction: number): 'low' | 'fair' | 'good' | 'best' {
  if (fraction * 100 >= 95) return 'best';
  if (fraction * 100 >= 85) return 'good';
  if (fraction * 100 >= 80) return 'fair';
  return 'low';
}
