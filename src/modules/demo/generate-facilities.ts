/**
 * The demo district's facilities and visits (issue 15): the kecamatan's FKTP codes the peserta files
 * already use (`<kecamatan digits>NN`, 01 its Puskesmas; 02 a second Puskesmas where the kecamatan has
 * three or more, else a clinic or a doctor), RSUD Selong and another hospital in the district,
 * and hospitals elsewhere (Kota Mataram 52.71, Lombok Tengah 52.02). Then months of visits with visible
 * differences: each Puskesmas gets a profile — meets every KBK target, refers too much, keeps JKN
 * patients waiting longer, too few contacts, or ordinary.
 *
 * Deterministic per seed: one RNG stream per facility and month. Patients are the active members the
 * current peserta file registers at the facility (so `kode_fktp` and the visits agree).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import readline from 'node:readline';
import path from 'node:path';
import { NON_SPECIALIST_DIAGNOSES } from '../../domain/quality/diagnoses.ts';
import type { Area } from '../area/index.ts';
import { createRng, type Rng } from './generate-rng.ts';

export type FacilityProfile = 'teladan' | 'biasa' | 'perujuk' | 'antre' | 'kontak_rendah';

/** By the Puskesmas' order: every profile shows up, whatever the seed. */
const PROFILE_CYCLE: FacilityProfile[] = ['teladan', 'biasa', 'perujuk', 'teladan', 'antre', 'biasa', 'kontak_rendah'];

interface Profile {
  /** Share of the registered active members seen in a month. */
  contactRate: number;
  /** Share of JKN visits referred. */
  referralRate: number;
  /** Share of the referrals with a non-specialist diagnosis. */
  nonSpecialistShare: number;
  /** Share of Prolanis participants controlled at their last visit. */
  controlled: number;
  /** Extra minutes a JKN patient waits over a general patient (median). */
  jknExtraWait: number;
}

const PROFILES: Record<FacilityProfile, Profile> = {
  teladan: { contactRate: 0.19, referralRate: 0.06, nonSpecialistShare: 0.008, controlled: 0.12, jknExtraWait: 1 },
  biasa: { contactRate: 0.155, referralRate: 0.09, nonSpecialistShare: 0.026, controlled: 0.06, jknExtraWait: 5 },
  perujuk: { contactRate: 0.16, referralRate: 0.16, nonSpecialistShare: 0.09, controlled: 0.05, jknExtraWait: 6 },
  antre: { contactRate: 0.152, referralRate: 0.09, nonSpecialistShare: 0.02, controlled: 0.055, jknExtraWait: 34 },
  kontak_rendah: { contactRate: 0.1, referralRate: 0.1, nonSpecialistShare: 0.03, controlled: 0.025, jknExtraWait: 8 },
};

/** Real Puskesmas names of Lombok Timur used as NAMES (codes are synthetic): a kecamatan's second one. */
const SECOND_PUSKESMAS: Record<string, string> = {
  Selong: 'Denggen',
  'Labuhan Haji': 'Korleko',
  Sukamulia: 'Dasan Lekong',
  Sambelia: 'Belanting',
  Pringgabaya: 'Labuhan Lombok',
  Sikur: 'Kotaraja',
  'Montong Gading': 'Montong Betok',
  'Sakra Barat': 'Rensing',
  Jerowaru: 'Sukaraja',
  Suwela: 'Ketangga',
  'Sakra Timur': 'Lepak',
  Aikmel: 'Kalijaga',
  Wanasaba: 'Karang Baru',
  Masbagik: 'Lendang Nangka',
  Keruak: 'Tanjung Luar',
  Terara: 'Suradadi',
  Suralaga: 'Suralaga Timur',
  Pringgasela: 'Aikdewa',
  Sakra: 'Sakra Selatan',
  Sembalun: 'Sembalun Timur',
  Lenek: 'Lenek Daya',
};

export interface DemoFacility {
  kode: string;
  nama: string;
  jenis: 'PUSKESMAS' | 'KLINIK' | 'DOKTER' | 'RS';
  tingkat: 'FKTP' | 'FKRTL';
  kodeWilayah: string;
  profile: FacilityProfile | null;
}

/** The district's hospitals and some outside it (synthetic codes, real-sounding names). */
function hospitals(districtDigits: string, selongDesa: string, otherDesa: string): DemoFacility[] {
  return [
    { kode: `${districtDigits}R001`, nama: 'RSUD dr. R. Soedjono Selong', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: selongDesa, profile: null },
    { kode: `${districtDigits}R002`, nama: 'RS Islam Lombok Timur', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: otherDesa, profile: null },
    { kode: '5271R001', nama: 'RSUD Provinsi NTB (Mataram)', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: '52.71', profile: null },
    { kode: '5271R002', nama: 'RSUD Kota Mataram', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: '52.71', profile: null },
    { kode: '5202R001', nama: 'RSUD Praya (Lombok Tengah)', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: '52.02', profile: null },
  ];
}

/** The facilities of the demo: one per FKTP code of the peserta files, and the hospitals. */
export function demoFacilities(
  seed: number,
  district: Area,
  kecamatan: readonly Area[],
  desa: readonly Area[],
  codes: ReadonlyMap<string, readonly string[]>,
): DemoFacility[] {
  const out: DemoFacility[] = [];
  let puskesmas = 0;
  const desaOf = (k: string) => desa.filter((d) => d.parentCode === k);
  for (const k of kecamatan) {
    const list = codes.get(k.code) ?? [];
    const rng = createRng(seed, 'faskes', k.code);
    const places = desaOf(k.code);
    list.forEach((kode, i) => {
      const kodeWilayah = (i === 0 ? places[0] : rng.pick(places))!.code;
      if (i === 0 || (i === 1 && list.length >= 3)) {
        const nama = i === 0 ? `Puskesmas ${k.name}` : `Puskesmas ${SECOND_PUSKESMAS[k.name] ?? `${k.name} II`}`;
        out.push({ kode, nama, jenis: 'PUSKESMAS', tingkat: 'FKTP', kodeWilayah, profile: PROFILE_CYCLE[puskesmas++ % PROFILE_CYCLE.length]! });
      } else if (i % 2 === 0) {
        out.push({ kode, nama: `Klinik Pratama ${k.name} ${i}`, jenis: 'KLINIK', tingkat: 'FKTP', kodeWilayah, profile: 'biasa' });
      } else {
        out.push({ kode, nama: `Praktik Dokter Keluarga ${k.name} ${i}`, jenis: 'DOKTER', tingkat: 'FKTP', kodeWilayah, profile: 'biasa' });
      }
    });
  }
  const selong = kecamatan.find((k) => k.name === 'Selong') ?? kecamatan[0]!;
  const otherKecamatan = kecamatan.find((k) => k.name === 'Masbagik') ?? kecamatan[kecamatan.length - 1]!;
  out.push(...hospitals(district.code.replace(/\./g, ''), desaOf(selong.code)[0]!.code, desaOf(otherKecamatan.code)[0]!.code));
  return out;
}

/** The months of visits: `count` months ending with the month of `lastDay`. */
export function visitMonths(lastDay: string, count: number): string[] {
  const [y, m] = lastDay.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - count + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** Share of a facility's members in Prolanis. */
const PROLANIS_SHARE = 0.04;

const NON_SPECIALIST_CODES = ['J06.9', 'J00', 'A09', 'K30', 'L30.9', 'J02.9', 'H10.3', 'M79.1', 'I10', 'E11.9'].filter((code) =>
  NON_SPECIALIST_DIAGNOSES.some((d) => d.codes.includes(code) || d.codes.includes(code.slice(0, 3))),
);
const SPECIALIST_CODES = ['I21.9', 'C50.9', 'N18.5', 'K35.8', 'O82', 'S72.0', 'I63.9', 'H25.9', 'N20.0', 'C34.9'];
const ROUTINE_CODES = ['J06.9', 'K30', 'I10', 'E11.9', 'M79.1', 'L30.9', 'Z00.0', 'A09', 'R50.9', null];

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Distinct picks (a partial shuffle of a copy). */
function sample<T>(items: readonly T[], n: number, rng: Rng): T[] {
  const copy = [...items];
  const k = Math.min(n, copy.length);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(copy.length - i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, k);
}

/** Active members by kode_fktp, and the other NIKs of the file (for general patients), from a peserta file. */
export async function membersByFacility(pesertaPath: string): Promise<{ active: Map<string, string[]>; others: string[] }> {
  const active = new Map<string, string[]>();
  const others: string[] = [];
  const lines = readline.createInterface({ input: createReadStream(pesertaPath), crlfDelay: Infinity });
  let header: string[] | null = null;
  let iNik = 0;
  let iStatus = 0;
  let iFktp = 0;
  for await (const line of lines) {
    const f = line.split(',');
    if (!header) {
      header = f;
      iNik = f.indexOf('nik');
      iStatus = f.indexOf('status');
      iFktp = f.indexOf('kode_fktp');
      continue;
    }
    const kode = f[iFktp]!;
    if (f[iStatus] === 'AKTIF' && kode) {
      const list = active.get(kode);
      if (list) list.push(f[iNik]!);
      else active.set(kode, [f[iNik]!]);
    } else others.push(f[iNik]!);
  }
  return { active, others };
}

export interface FacilityFiles {
  faskes: string;
  kunjungan: string;
  visits: number;
}

/** Writes faskes.csv and kunjungan.csv into `outDir`. */
export async function writeFacilityFiles(options: {
  outDir: string;
  seed: number;
  facilities: readonly DemoFacility[];
  pesertaPath: string;
  months: readonly string[];
}): Promise<FacilityFiles> {
  const { outDir, seed, facilities, months } = options;
  const faskes = path.join(outDir, 'faskes.csv');
  const kunjungan = path.join(outDir, 'kunjungan.csv');
  const faskesOut = createWriteStream(faskes);
  faskesOut.write('kode,nama,jenis,tingkat,kode_wilayah\n');
  for (const f of facilities) faskesOut.write(`${f.kode},${f.nama},${f.jenis},${f.tingkat},${f.kodeWilayah}\n`);
  faskesOut.end();
  await finished(faskesOut);

  const { active, others } = await membersByFacility(options.pesertaPath);
  const hospitalsInside = facilities.filter((f) => f.tingkat === 'FKRTL' && !/^\d{2}\.\d{2}$/.test(f.kodeWilayah)).map((f) => f.kode);
  const hospitalsOutside = facilities.filter((f) => f.tingkat === 'FKRTL' && /^\d{2}\.\d{2}$/.test(f.kodeWilayah)).map((f) => f.kode);
  const out = createWriteStream(kunjungan, { highWaterMark: 1 << 20 });
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write('id,kode_faskes,tanggal,nik,jenis_pasien,jam_daftar,jam_layan,diagnosa,rujuk,tujuan_rujukan,prolanis,terkendali\n');
  let visits = 0;
  for (const f of facilities) {
    if (f.tingkat !== 'FKTP' || !f.profile) continue;
    const p = PROFILES[f.profile];
    const members = active.get(f.kode) ?? [];
    // Prolanis participants: a fixed group of the facility's members.
    const prolanisRng = createRng(seed, 'prolanis', f.kode);
    const prolanis = new Map(sample(members, Math.round(members.length * PROLANIS_SHARE), prolanisRng).map((nik) => [nik, prolanisRng.chance(0.5) ? 'DM' : 'HT'] as const));
    for (const month of months) {
      const rng = createRng(seed, 'kunjungan', f.kode, month);
      // Month-to-month drift, so that scores move between months.
      const drift = 1 + 0.12 * rng.normal();
      const contactRate = Math.max(0.02, p.contactRate * (0.93 + 0.08 * rng.next()));
      const nsShare = Math.max(0, p.nonSpecialistShare * Math.max(0.2, drift));
      const days = daysIn(month);
      // Prolanis participants come on top (most of them every month): the rest of the contacts are drawn.
      const patients = sample(members, Math.round(members.length * Math.max(0.01, contactRate - PROLANIS_SHARE * 0.85)), rng);
      const seen = new Set(patients);
      for (const nik of prolanis.keys()) if (rng.chance(0.85) && !seen.has(nik)) patients.push(nik);
      let chunk = '';
      let n = 0;
      const visit = (nik: string, jenis: 'JKN' | 'UMUM', lastOfPatient: boolean) => {
        n++;
        const day = 1 + rng.int(days);
        const daftar = 7 * 60 + 30 + rng.int(240);
        const baseWait = Math.max(2, Math.round(18 + 8 * rng.normal()));
        const wait = jenis === 'JKN' ? Math.max(2, baseWait + Math.round(p.jknExtraWait + 4 * rng.normal())) : baseWait;
        const timed = rng.chance(0.93);
        let diagnosa: string | null = rng.pick(ROUTINE_CODES);
        let rujuk = false;
        let tujuan = '';
        if (jenis === 'JKN' && rng.chance(p.referralRate)) {
          rujuk = true;
          diagnosa = rng.chance(nsShare) ? rng.pick(NON_SPECIALIST_CODES) : rng.pick(SPECIALIST_CODES);
          tujuan = rng.chance(0.22) ? rng.pick(hospitalsOutside) : rng.chance(0.85) ? hospitalsInside[0]! : rng.pick(hospitalsInside);
        }
        const pr = jenis === 'JKN' ? prolanis.get(nik) : undefined;
        let terkendali = '';
        if (pr) {
          diagnosa = rujuk ? diagnosa : pr === 'DM' ? 'E11.9' : 'I10';
          terkendali = lastOfPatient ? (rng.chance(p.controlled) ? 'Y' : 'N') : rng.chance(0.05) ? 'Y' : 'N';
        }
        const date = `${month}-${String(day).padStart(2, '0')}`;
        // The last visit of a Prolanis patient is on the last day, so it is the one that counts.
        const tanggal = pr && lastOfPatient ? `${month}-${String(days).padStart(2, '0')}` : date;
        chunk += `${f.kode.slice(-4)}-${month.replace('-', '')}-${n},${f.kode},${tanggal},${nik},${jenis},${timed ? hhmm(daftar) : ''},${timed ? hhmm(daftar + wait) : ''},${diagnosa ?? ''},${rujuk ? 'Y' : 'N'},${tujuan},${pr ?? ''},${terkendali}\n`;
      };
      for (const nik of patients) {
        const repeat = prolanis.has(nik) ? 2 : rng.chance(0.15) ? 2 : 1;
        for (let r = 0; r < repeat; r++) visit(nik, 'JKN', r === repeat - 1);
      }
      const general = Math.round(patients.length * 0.14);
      for (let i = 0; i < general && others.length > 0; i++) visit(others[rng.int(others.length)]!, 'UMUM', true);
      visits += n;
      await write(chunk);
    }
  }
  out.end();
  await finished(out);
  return { faskes, kunjungan, visits };
}
