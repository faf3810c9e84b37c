/**
 * Synthetic demo district: population (`penduduk`), welfare ranking (`dtsen`) and three BPJS membership
 * extracts (`peserta`) in the import formats of formats.md, calibrated to Lombok Timur (calibration.ts).
 * The people are invented — their names carry "(Contoh)" — but the kecamatan and desa are real.
 *
 * Deterministic: the same seed and scale give byte-identical files. Sizes and quotas are planned for
 * the whole district first (a few numbers per desa); then each desa is generated from its own random
 * stream, written out and dropped, so memory stays bounded at any scale.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Segment } from '../../domain/membership.ts';
import { loadAllAreas, loadDistrictAreas, type Area } from '../area/index.ts';
import {
  CURRENT_EXTRACT,
  DECEASED_SHARE,
  EXTRACTS,
  INACTIVE_RATE,
  KECAMATAN_INACTIVITY_RANGE,
  MOVED_SHARE,
  POPULATION,
  REGISTERED,
  SEGMENT_MEMBERS,
  UNMATCHED_MEMBER_SHARE,
} from './calibration.ts';
import { generateDesa, type DesaPlan, type DesaStats, type DistrictContext, type SegmentOrNone } from './generate-desa.ts';
import { allocate, createRng, type Rng } from './generate-rng.ts';

export interface DemoFiles {
  penduduk: string;
  dtsen: string;
  /** Oldest first; the last one is the current extract. */
  peserta: { dataPer: string; path: string }[];
}

export interface DemoSummary {
  /** Rows in `penduduk`, whatever their status. */
  residents: number;
  /** Population: residents with status HIDUP. */
  living: number;
  deceased: number;
  moved: number;
  families: number;
  /** Living residents with a row in the current extract. */
  members: number;
  /** Living residents active in the current extract. */
  activeResidents: number;
  /** Per extract, oldest first (living residents only). */
  extracts: { dataPer: string; rows: number; members: number; active: number }[];
  bySegment: Record<Segment, { registered: number; active: number }>;
  /** Current-extract rows the app reports as data-quality findings. */
  deceasedMembers: number;
  movedMembers: number;
  unmatchedMembers: number;
  dtsenRows: number;
  /** Living residents whose family is in desil 1–5, listed or not. */
  poorHalf: number;
  extremePoor: number;
  kecamatan: { code: string; name: string; living: number; active: number }[];
}

export interface DemoOptions {
  outDir: string;
  /** 1 = the real district size (1,457,591 living residents). */
  scale: number;
  seed: number;
  districtCode?: string;
  /** Living residents generated so far, of the total. */
  onProgress?: (done: number, total: number) => void;
}

const SEGMENTS_PLANNED_FIRST: readonly SegmentOrNone[] = ['NONE', 'BP', 'PBPU', 'PPU_PN', 'PPU_BU', 'PBI_APBD'];
/** The largest segment takes each desa's remainder, so every desa's quotas add up to its population. */
const REMAINDER_SEGMENT: Segment = 'PBI_APBN';
const SEGMENTS = Object.keys(SEGMENT_MEMBERS) as Segment[];
/** Spread of desa sizes (lognormal), and of kecamatan sizes on top. */
const DESA_SIZE_SPREAD = 0.45;
const KECAMATAN_SIZE_SPREAD = 0.25;
const MAX_INACTIVE_RATE = 0.95;
const NIK_SERIALS = 9999;
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

export async function generateDemoFiles(
  options: DemoOptions,
): Promise<{ files: DemoFiles; summary: DemoSummary; facilities: ReadonlyMap<string, readonly string[]> }> {
  const { outDir, scale, seed, districtCode = '52.03', onProgress } = options;
  if (!(scale > 0) || !Number.isInteger(seed)) throw new RangeError('Demo scale must be positive and seed an integer');
  const areas = await loadDistrictAreas(districtCode);
  const population = Math.round(POPULATION * scale);
  if (population < areas.desa.length) {
    throw new RangeError(`Demo scale ${scale} gives ${population} residents, fewer than the ${areas.desa.length} desa`);
  }
  const rng = createRng(seed, 'plan', areas.district.code);
  const plans = planDesa(areas.kecamatan, areas.desa, population, rng);
  const context = await districtContext(seed, areas.district, areas.kecamatan, rng);

  await mkdir(outDir, { recursive: true });
  const files: DemoFiles = {
    penduduk: path.join(outDir, 'penduduk.csv'),
    dtsen: path.join(outDir, 'dtsen.csv'),
    peserta: EXTRACTS.map((e) => ({ dataPer: e.dataPer, path: path.join(outDir, `peserta-${e.dataPer}.csv`) })),
  };
  // Room for a few desa per file, so the disk writes one desa while the next is generated.
  const open = (file: string): WriteStream => createWriteStream(file, { highWaterMark: WRITE_BUFFER_BYTES });
  const penduduk = open(files.penduduk);
  const dtsen = open(files.dtsen);
  const peserta = files.peserta.map((f) => open(f.path));
  const streams = [penduduk, dtsen, ...peserta];
  // A stream may fail while another one is being waited on: keep its error for the next write.
  let streamError: Error | undefined;
  for (const stream of streams) stream.on('error', (error) => (streamError ??= error));
  /** Respects backpressure, so a slow disk never makes the whole district pile up in memory. */
  const write = async (stream: WriteStream, chunk: string | Buffer): Promise<void> => {
    if (streamError) throw streamError;
    if (!stream.write(chunk)) await once(stream, 'drain');
  };

  const summary = emptySummary(areas.kecamatan);
  try {
    await write(penduduk, 'nik,no_kk,nama,jenis_kelamin,tanggal_lahir,kode_desa,status\n');
    await write(dtsen, 'nik,desil,miskin_ekstrem\n');
    for (const stream of peserta) {
      await write(stream, 'nik,no_kartu,segmen,kelas,status,alasan_nonaktif,bulan_tunggakan,kode_fktp,data_per\n');
    }
    let done = 0;
    for (const plan of plans) {
      const out = generateDesa(plan, context);
      await write(penduduk, out.penduduk);
      await write(dtsen, out.dtsen);
      for (let e = 0; e < peserta.length; e++) await write(peserta[e], out.peserta[e]);
      addStats(summary, plan, out.stats);
      done += plan.population;
      onProgress?.(done, population);
    }
    for (const stream of streams) stream.end();
    await Promise.all(streams.map((s) => finished(s)));
  } catch (error) {
    for (const stream of streams) stream.destroy();
    throw error;
  }
  return { files, summary, facilities: context.facilities };
}

/**
 * Desa sizes, segment quotas and inactive quotas for the whole district. Every total is exact (population,
 * each segment, each segment's inactive count) and split over desa without bias, so small scales stay on target.
 */
function planDesa(kecamatan: Area[], desa: Area[], population: number, rng: Rng): DesaPlan[] {
  if (desa.length > 999) throw new RangeError('Demo card numbers have room for at most 999 desa');
  const kecamatanSize = new Map(kecamatan.map((k) => [k.code, Math.exp(KECAMATAN_SIZE_SPREAD * rng.normal())]));
  const weights = desa.map((d) => kecamatanSize.get(d.parentCode!)! * Math.exp(DESA_SIZE_SPREAD * rng.normal()));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // Every desa gets at least one resident; the rest goes by weight.
  const extra = population - desa.length;
  const sizes = allocate(extra, weights.map((w) => (extra * w) / weightSum), rng).map((n) => n + 1);

  const quotas = planSegments(sizes, population, rng);
  const inactive = planInactive(kecamatan, desa, quotas, rng);
  const byShare = (share: number): number[] =>
    allocate(Math.round(share * population), sizes.map((n) => share * n), rng);
  const deceased = byShare(DECEASED_SHARE);
  const moved = byShare(MOVED_SHARE);
  // Unmatched rows are a share of all membership rows, so per desa a share of its members.
  const unmatchedPerMember = UNMATCHED_MEMBER_SHARE / (1 - UNMATCHED_MEMBER_SHARE);
  const members = quotas.map((q, i) => sizes[i] - q.NONE);
  const unmatched = allocate(
    Math.round(unmatchedPerMember * members.reduce((a, b) => a + b, 0)),
    members.map((m) => unmatchedPerMember * m),
    rng,
  );
  const serialBlock = Math.floor(NIK_SERIALS / desa.length);

  return desa.map((d, i) => ({
    code: d.code,
    kecamatanCode: d.parentCode!,
    population: sizes[i],
    segmentQuota: quotas[i],
    inactiveQuota: inactive[i],
    deceased: deceased[i],
    moved: moved[i],
    unmatched: unmatched[i],
    serialBase: i * serialBlock,
    serialBlock,
    cardPrefix: String(i + 1).padStart(3, '0'),
  }));
}

/** Segment quotas of each desa (living residents), exact per segment over the district and per desa. */
function planSegments(sizes: number[], population: number, rng: Rng): Record<SegmentOrNone, number>[] {
  const share = (s: SegmentOrNone): number =>
    (s === 'NONE' ? POPULATION - REGISTERED : SEGMENT_MEMBERS[s]) / POPULATION;
  const room = [...sizes];
  const quotas = sizes.map(() => ({}) as Record<SegmentOrNone, number>);
  for (const segment of SEGMENTS_PLANNED_FIRST) {
    const total = Math.round(share(segment) * population);
    const counts = allocate(total, sizes.map((n) => share(segment) * n), rng, room);
    counts.forEach((n, i) => {
      quotas[i][segment] = n;
      room[i] -= n;
    });
  }
  room.forEach((n, i) => (quotas[i][REMAINDER_SEGMENT] = n));
  return quotas;
}

/**
 * Inactive members per desa and segment: the segment's district rate (calibration.ts) times a kecamatan
 * multiplier. The multipliers are seeded normal draws stretched to fill the range exactly (so there is always
 * a best and a worst kecamatan) and renormalised per segment, so kecamatan differ visibly while each
 * segment's district total stays exact.
 */
function planInactive(
  kecamatan: Area[],
  desa: Area[],
  quotas: Record<SegmentOrNone, number>[],
  rng: Rng,
): Record<Segment, number>[] {
  const [low, high] = KECAMATAN_INACTIVITY_RANGE;
  const draws = kecamatan.map(() => rng.normal());
  const [min, max] = [Math.min(...draws), Math.max(...draws)];
  const multiplier = new Map(
    kecamatan.map((k, i) => [k.code, max > min ? low + ((high - low) * (draws[i] - min)) / (max - min) : 1]),
  );
  const inactive = desa.map(() => ({}) as Record<Segment, number>);
  for (const segment of SEGMENTS) {
    const members = quotas.map((q) => q[segment]);
    const total = members.reduce((a, b) => a + b, 0);
    const weighted = desa.reduce((sum, d, i) => sum + multiplier.get(d.parentCode!)! * members[i], 0);
    const expected = desa.map((d, i) => {
      const rate = (INACTIVE_RATE[segment] * multiplier.get(d.parentCode!)! * total) / weighted;
      return Math.min(MAX_INACTIVE_RATE, rate) * members[i];
    });
    const target = Math.round(expected.reduce((a, b) => a + b, 0));
    allocate(target, expected, rng, members).forEach((n, i) => (inactive[i][segment] = n));
  }
  return inactive;
}

/**
 * Facilities per kecamatan, and the NIK regions people may have been first registered in. Facility codes
 * are synthetic but shaped like BPJS FKTP codes (8 characters): the kecamatan's digits and a number, the
 * first (01) being the kecamatan's Puskesmas, then two or three clinics or private doctors.
 */
async function districtContext(seed: number, district: Area, kecamatan: Area[], rng: Rng): Promise<DistrictContext> {
  const digits = (code: string): string => code.replaceAll('.', '');
  const facilities = new Map(
    kecamatan.map((k) => {
      const count = 2 + rng.int(3);
      return [k.code, Array.from({ length: count }, (_, i) => `${digits(k.code)}${String(i + 1).padStart(2, '0')}`)];
    }),
  );
  const all = await loadAllAreas();
  const province = `${district.parentCode}.`;
  const provinceNikRegions = all
    .filter((a) => a.level === 'kecamatan' && a.code.startsWith(province) && a.parentCode !== district.code)
    .map((a) => digits(a.code));
  return {
    seed,
    facilities,
    allFacilities: [...facilities.values()].flat(),
    districtNikRegions: kecamatan.map((k) => digits(k.code)),
    // A province with a single regency has no "other regency": newcomers then come from the district itself.
    provinceNikRegions: provinceNikRegions.length > 0 ? provinceNikRegions : kecamatan.map((k) => digits(k.code)),
  };
}

function emptySummary(kecamatan: Area[]): DemoSummary {
  return {
    residents: 0,
    living: 0,
    deceased: 0,
    moved: 0,
    families: 0,
    members: 0,
    activeResidents: 0,
    extracts: EXTRACTS.map((e) => ({ dataPer: e.dataPer, rows: 0, members: 0, active: 0 })),
    bySegment: Object.fromEntries(SEGMENTS.map((s) => [s, { registered: 0, active: 0 }])) as DemoSummary['bySegment'],
    deceasedMembers: 0,
    movedMembers: 0,
    unmatchedMembers: 0,
    dtsenRows: 0,
    poorHalf: 0,
    extremePoor: 0,
    kecamatan: kecamatan.map((k) => ({ code: k.code, name: k.name, living: 0, active: 0 })),
  };
}

function addStats(summary: DemoSummary, plan: DesaPlan, stats: DesaStats): void {
  const current = CURRENT_EXTRACT;
  summary.residents += stats.pendudukRows;
  summary.living += stats.living;
  summary.deceased += stats.deceased;
  summary.moved += stats.moved;
  summary.families += stats.families;
  summary.members += stats.registered[current];
  summary.activeResidents += stats.active[current];
  summary.extracts.forEach((e, i) => {
    e.rows += stats.pesertaRows[i];
    e.members += stats.registered[i];
    e.active += stats.active[i];
  });
  for (const segment of SEGMENTS) {
    summary.bySegment[segment].registered += stats.bySegment[segment].registered;
    summary.bySegment[segment].active += stats.bySegment[segment].active;
  }
  summary.deceasedMembers += stats.deceasedMembers;
  summary.movedMembers += stats.movedMembers;
  summary.unmatchedMembers += stats.unmatchedMembers;
  summary.dtsenRows += stats.dtsenRows;
  summary.poorHalf += stats.desilPoorHalf;
  summary.extremePoor += stats.extremePoor;
  const kecamatan = summary.kecamatan.find((k) => k.code === plan.kecamatanCode)!;
  kecamatan.living += stats.living;
  kecamatan.active += stats.active[current];
}
