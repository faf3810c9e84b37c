/**
 * Kemendagri area reference (provinsi → kabupaten/kota → kecamatan → desa/kelurahan) from the npm
 * package `idn-area-data` (data under ODbL). Read from the package's CSV files, once per process.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import Papa from 'papaparse';
import { districtTimeZone } from '../../domain/time-zone.ts';

export type AreaLevel = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa';

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
}

export interface DistrictAreas {
  district: Area;
  province: Area;
  kecamatan: Area[];
  desa: Area[];
  byCode: Map<string, Area>;
  /** The district's IANA time zone: its province's (WIB/WITA/WIT) unless configured otherwise. */
  timeZone: string;
}

const LEVEL_BY_DOTS: Record<number, AreaLevel> = { 0: 'provinsi', 1: 'kabupaten', 2: 'kecamatan', 3: 'desa' };
const DIGITS_BY_LEVEL = [2, 4, 6, 10];

/**
 * Accepts the dotted Kemendagri form (`52.03.01.2001`) or the same digits without dots (`5203012001`)
 * and returns the dotted form, or null when the text is neither.
 */
export function normaliseAreaCode(raw: string): string | null {
  const text = raw.trim();
  if (/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(text)) return text;
  if (!/^\d+$/.test(text) || !DIGITS_BY_LEVEL.includes(text.length)) return null;
  const parts = [text.slice(0, 2), text.slice(2, 4), text.slice(4, 6), text.slice(6, 10)].filter(Boolean);
  return parts.join('.');
}

export function areaLevel(code: string): AreaLevel {
  return LEVEL_BY_DOTS[code.split('.').length - 1];
}

export function parentCode(code: string): string | null {
  const cut = code.lastIndexOf('.');
  return cut < 0 ? null : code.slice(0, cut);
}

let allAreas: Promise<Area[]> | undefined;

/** Every area of Indonesia (about 92 thousand rows). */
export function loadAllAreas(): Promise<Area[]> {
  allAreas ??= readAllAreas();
  return allAreas;
}

async function readAllAreas(): Promise<Area[]> {
  const require = createRequire(import.meta.url);
  const dataDir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
  const files = ['provinces.csv', 'regencies.csv', 'districts.csv', 'villages.csv'];
  const areas: Area[] = [];
  for (const file of files) {
    const text = await readFile(path.join(dataDir, file), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    for (const row of parsed.data) {
      areas.push({ code: row.code, name: row.name, level: areaLevel(row.code), parentCode: parentCode(row.code) });
    }
  }
  return areas;
}

/** The areas of one kabupaten/kota; throws when the code is not a kabupaten/kota in the reference. */
export async function loadDistrictAreas(districtCode: string, options: { timeZone?: string | null } = {}): Promise<DistrictAreas> {
  const code = normaliseAreaCode(districtCode);
  const all = await loadAllAreas();
  const district = all.find((a) => a.code === code && a.level === 'kabupaten');
  if (!code || !district) throw new Error(`District code "${districtCode}" is not a kabupaten/kota in idn-area-data`);
  const province = all.find((a) => a.code === district.parentCode)!;
  const kecamatan = all.filter((a) => a.level === 'kecamatan' && a.parentCode === code);
  const desa = all.filter((a) => a.level === 'desa' && a.code.startsWith(`${code}.`));
  const byCode = new Map<string, Area>([district, province, ...kecamatan, ...desa].map((a) => [a.code, a]));
  return { district, province, kecamatan, desa, byCode, timeZone: districtTimeZone(code, options.timeZone) };
}
