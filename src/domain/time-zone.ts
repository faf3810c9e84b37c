/**
 * Indonesia's three time zones and which province keeps which (Keppres 41/1987, "Pembagian Wilayah
 * Republik Indonesia menjadi 3 Wilayah Waktu"; docs/rules.md §8.3). A district's dates — "today" of an
 * import, a report's date, an audit search by day — are calendar dates in its zone.
 */

export type IndonesianZone = 'WIB' | 'WITA' | 'WIT';

/** The IANA zone for each; none of them has daylight saving time. */
export const IANA_ZONE: Record<IndonesianZone, string> = {
  WIB: 'Asia/Jakarta', // UTC+7
  WITA: 'Asia/Makassar', // UTC+8
  WIT: 'Asia/Jayapura', // UTC+9
};

/** Kemendagri province codes by zone: Sumatra, Java and western/central Kalimantan keep WIB; Maluku and Papua WIT. */
const WIB_PROVINCES = ['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36', '61', '62'];
const WITA_PROVINCES = ['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'];
const WIT_PROVINCES = ['81', '82', '91', '92', '93', '94', '95', '96'];

/** The zone a province keeps, from the first two digits of any Kemendagri area code; null when unknown. */
export function zoneOfArea(areaCode: string): IndonesianZone | null {
  const province = areaCode.slice(0, 2);
  if (WIB_PROVINCES.includes(province)) return 'WIB';
  if (WITA_PROVINCES.includes(province)) return 'WITA';
  if (WIT_PROVINCES.includes(province)) return 'WIT';
  return null;
}

/**
 * The IANA time zone of a district: the override when given (any IANA name, e.g. from
 * `SMART_JKN_TIME_ZONE`), otherwise its province's. Throws on an unknown override or province.
 */
export function districtTimeZone(districtCode: string, override?: string | null): string {
  if (override) {
    if (!isTimeZone(override)) throw new Error(`Unknown time zone "${override}" (expected an IANA name such as Asia/Makassar)`);
    return override;
  }
  const zone = zoneOfArea(districtCode);
  if (!zone) throw new Error(`No Indonesian time zone for area code "${districtCode}"`);
  return IANA_ZONE[zone];
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
