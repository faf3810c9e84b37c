import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLASSES, INACTIVE_REASONS, RESIDENT_STATUSES, SEGMENTS, type Segment } from '../../domain/membership.ts';
import { parseNik } from '../../domain/nik.ts';
import { loadDistrictAreas } from '../area/reference.ts';
import {
  AGE_STRUCTURE,
  EXTRACTS,
  EXTREME_POOR_SHARE,
  POPULATION,
  REFERENCE_DATE,
  SEGMENT_MEMBERS,
} from './calibration.ts';
import { generateDemoFiles, type DemoFiles, type DemoSummary } from './generate.ts';
import { DEMO_NAME_MARKER } from './generate-names.ts';

const PENDUDUK_COLUMNS = ['nik', 'no_kk', 'nama', 'jenis_kelamin', 'tanggal_lahir', 'kode_desa', 'status'];
const PESERTA_COLUMNS = [
  'nik',
  'no_kartu',
  'segmen',
  'kelas',
  'status',
  'alasan_nonaktif',
  'bulan_tunggakan',
  'kode_fktp',
  'data_per',
];
const DTSEN_COLUMNS = ['nik', 'desil', 'miskin_ekstrem'];

type Row = Record<string, string>;

/** The generator never needs quoting (names have no commas), so a plain split reads its files. */
async function readCsv(file: string, columns: string[]): Promise<Row[]> {
  const text = await readFile(file, 'utf8');
  assert.ok(text.endsWith('\n'));
  assert.ok(!text.includes('"'), `${file} needs no quoting`);
  const [header, ...lines] = text.slice(0, -1).split('\n');
  assert.deepEqual(header.split(','), columns, `${file} header`);
  return lines.map((line) => {
    const fields = line.split(',');
    assert.equal(fields.length, columns.length, `${file}: ${line}`);
    return Object.fromEntries(columns.map((c, i) => [c, fields[i]]));
  });
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

function allPaths(files: DemoFiles): string[] {
  return [files.penduduk, files.dtsen, ...files.peserta.map((p) => p.path)];
}

function yearsBetween(earlier: string, later: string): number {
  return (Date.parse(later) - Date.parse(earlier)) / (365.2425 * 86_400_000);
}

const dirs: string[] = [];
async function generate(scale: number, seed: number, onProgress?: (done: number, total: number) => void) {
  const outDir = await mkdtemp(path.join(tmpdir(), 'smart-jkn-demo-'));
  dirs.push(outDir);
  return generateDemoFiles({ outDir, scale, seed, onProgress });
}

after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('demo generator, small scale', () => {
  it('gives byte-identical files for the same seed and scale, different ones for another seed', async () => {
    const a = await generate(0.02, 7);
    const b = await generate(0.02, 7);
    const c = await generate(0.02, 8);
    const hashes = async (files: DemoFiles) => Promise.all(allPaths(files).map(sha256));
    assert.deepEqual(await hashes(a.files), await hashes(b.files));
    assert.notEqual(await sha256(c.files.penduduk), await sha256(a.files.penduduk));
    assert.deepEqual(a.summary, b.summary);
  });

  it('gives the exact population, spread over every real desa, and reports progress', async () => {
    const progress: [number, number][] = [];
    const { files, summary } = await generate(0.003, 1, (done, total) => progress.push([done, total]));
    const expected = Math.round(POPULATION * 0.003);
    const areas = await loadDistrictAreas('52.03');
    const living = (await readCsv(files.penduduk, PENDUDUK_COLUMNS)).filter((r) => r.status === 'HIDUP');
    assert.equal(living.length, expected);
    assert.equal(summary.living, expected);
    assert.equal(new Set(living.map((r) => r.kode_desa)).size, areas.desa.length);
    assert.equal(progress.length, areas.desa.length);
    assert.deepEqual(progress.at(-1), [expected, expected]);
  });

  it('refuses a scale too small to give every desa a resident', async () => {
    await assert.rejects(generate(0.0001, 1), RangeError);
  });
});

describe('demo generator at scale 0.1', () => {
  const scale = 0.1;
  let summary: DemoSummary;
  let files: DemoFiles;
  let penduduk: Row[];
  let living: Row[];
  let extracts: Row[][];
  let current: Row[];
  let dtsen: Row[];
  const resident = new Map<string, Row>();

  before(async () => {
    ({ files, summary } = await generate(scale, 2025));
    penduduk = await readCsv(files.penduduk, PENDUDUK_COLUMNS);
    living = penduduk.filter((r) => r.status === 'HIDUP');
    for (const row of living) resident.set(row.nik, row);
    extracts = await Promise.all(files.peserta.map((p) => readCsv(p.path, PESERTA_COLUMNS)));
    current = extracts.at(-1)!;
    dtsen = await readCsv(files.dtsen, DTSEN_COLUMNS);
  });

  it('names the files and extracts oldest first', () => {
    assert.deepEqual(
      files.peserta.map((p) => p.dataPer),
      EXTRACTS.map((e) => e.dataPer),
    );
    assert.equal(files.peserta.at(-1)!.dataPer, REFERENCE_DATE);
  });

  it('writes penduduk rows that are valid per formats.md, with NIK matching sex and birth date', async () => {
    const areas = await loadDistrictAreas('52.03');
    const niks = new Set<string>();
    for (const row of penduduk) {
      const parsed = parseNik(row.nik);
      assert.ok(parsed.ok, `${row.nik}: ${!parsed.ok && parsed.reason}`);
      assert.ok(!niks.has(row.nik), `duplicate NIK ${row.nik}`);
      niks.add(row.nik);
      assert.equal(parsed.value.sex, row.jenis_kelamin);
      assert.match(row.tanggal_lahir, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(row.tanggal_lahir <= REFERENCE_DATE);
      const [year, month, day] = row.tanggal_lahir.split('-').map(Number);
      assert.deepEqual([parsed.value.birthDay, parsed.value.birthMonth, parsed.value.birthYearTwoDigits], [day, month, year % 100]);
      assert.match(row.no_kk, /^\d{16}$/);
      assert.ok(row.nama.endsWith(` ${DEMO_NAME_MARKER}`), row.nama);
      assert.equal(areas.byCode.get(row.kode_desa)?.level, 'desa', row.kode_desa);
      assert.ok((RESIDENT_STATUSES as readonly string[]).includes(row.status));
    }
  });

  it('gives NIK region digits of the kecamatan of first registration, mostly the own one', () => {
    const own = living.filter((r) => r.nik.slice(0, 6) === r.kode_desa.slice(0, 8).replaceAll('.', '')).length;
    const otherRegency = living.filter((r) => r.nik.startsWith('52') && !r.nik.startsWith('5203')).length;
    assert.ok(own / living.length > 0.85 && own / living.length < 0.97, `own kecamatan ${own / living.length}`);
    assert.ok(otherRegency / living.length > 0.01, `other regency ${otherRegency / living.length}`);
  });

  it('has the exact population and plausible deceased and moved residents', () => {
    assert.equal(living.length, Math.round(POPULATION * scale));
    assert.equal(summary.living, living.length);
    assert.equal(summary.residents, penduduk.length);
    const share = (status: string) => penduduk.filter((r) => r.status === status).length / living.length;
    assert.ok(Math.abs(share('MENINGGAL') - 0.005) < 0.001, `deceased ${share('MENINGGAL')}`);
    assert.ok(Math.abs(share('PINDAH') - 0.008) < 0.0015, `moved ${share('PINDAH')}`);
  });

  it('has families of plausible size in one desa, with children younger than an adult of the family', () => {
    const families = new Map<string, Row[]>();
    for (const row of living) families.set(row.no_kk, [...(families.get(row.no_kk) ?? []), row]);
    const sizes = [...families.values()].map((f) => f.length);
    const mean = living.length / families.size;
    assert.ok(mean >= 3.5 && mean <= 4, `mean family size ${mean}`);
    assert.ok(Math.max(...sizes) <= 8 && Math.min(...sizes) >= 1);
    for (const family of families.values()) {
      assert.equal(new Set(family.map((r) => r.kode_desa)).size, 1);
      // KK numbers are issued by the kecamatan the family lives in.
      assert.equal(family[0].no_kk.slice(0, 6), family[0].kode_desa.slice(0, 8).replaceAll('.', ''));
      const eldest = family.reduce((a, b) => (a.tanggal_lahir < b.tanggal_lahir ? a : b));
      for (const child of family.filter((r) => yearsBetween(r.tanggal_lahir, REFERENCE_DATE) < 15)) {
        assert.ok(yearsBetween(eldest.tanggal_lahir, child.tanggal_lahir) >= 15, `family ${child.nik}`);
      }
    }
  });

  it('has the age and sex structure of a young district', () => {
    const age = (r: Row) => yearsBetween(r.tanggal_lahir, REFERENCE_DATE);
    const under15 = living.filter((r) => age(r) < 15).length / living.length;
    const over65 = living.filter((r) => age(r) >= 65).length / living.length;
    const men = living.filter((r) => r.jenis_kelamin === 'L').length;
    assert.ok(Math.abs(under15 - AGE_STRUCTURE.under15) < 0.015, `under 15: ${under15}`);
    assert.ok(over65 >= 0.06 && over65 <= 0.07, `65+: ${over65}`);
    assert.ok(Math.abs(men / (living.length - men) - AGE_STRUCTURE.sexRatio) < 0.05, `sex ratio`);
  });

  it('writes peserta rows that are valid per formats.md', () => {
    files.peserta.forEach((file, e) => {
      const niks = new Set<string>();
      const cards = new Set<string>();
      for (const row of extracts[e]) {
        assert.ok(parseNik(row.nik).ok, row.nik);
        assert.ok(!niks.has(row.nik) && !cards.has(row.no_kartu), `duplicate ${row.nik}`);
        niks.add(row.nik);
        cards.add(row.no_kartu);
        assert.match(row.no_kartu, /^\d{13}$/);
        assert.ok((SEGMENTS as readonly string[]).includes(row.segmen), row.segmen);
        assert.ok((CLASSES as readonly string[]).includes(row.kelas));
        if (row.segmen.startsWith('PBI')) assert.equal(row.kelas, '3');
        if (row.segmen.startsWith('PPU')) assert.notEqual(row.kelas, '3');
        assert.ok(row.status === 'AKTIF' || row.status === 'NONAKTIF');
        if (row.status === 'AKTIF') assert.equal(row.alasan_nonaktif, '');
        else assert.ok((INACTIVE_REASONS as readonly string[]).includes(row.alasan_nonaktif), row.alasan_nonaktif);
        assert.match(row.bulan_tunggakan, /^(\d+)?$/);
        if (row.alasan_nonaktif === 'TUNGGAKAN') assert.ok(Number(row.bulan_tunggakan) >= 1);
        assert.match(row.kode_fktp, /^5203\d{4}$/);
        assert.equal(row.data_per, file.dataPer);
      }
    });
  });

  it('hits the May 2025 segment mix among living residents', () => {
    const counts = new Map<string, number>();
    for (const row of current) if (resident.has(row.nik)) counts.set(row.segmen, (counts.get(row.segmen) ?? 0) + 1);
    for (const segment of SEGMENTS) {
      const expected = SEGMENT_MEMBERS[segment] * scale;
      const got = counts.get(segment) ?? 0;
      assert.ok(Math.abs(got - expected) <= 0.005 * expected, `${segment}: ${got} vs ${expected}`);
      assert.equal(summary.bySegment[segment].registered, got);
    }
    const coverage = [...counts.values()].reduce((a, b) => a + b, 0) / living.length;
    assert.ok(Math.abs(coverage - 0.978) < 0.002, `coverage ${coverage}`);
  });

  it('has an active rate of 75 %, lower than in the earlier extracts', () => {
    const rates = extracts.map((rows) => rows.filter((r) => r.status === 'AKTIF' && resident.has(r.nik)).length / living.length);
    EXTRACTS.forEach((e, i) => assert.ok(Math.abs(rates[i] - e.activeRate) < 0.01, `${e.dataPer}: ${rates[i]}`));
    assert.ok(rates[0] > rates[1] && rates[1] > rates[2], `trend ${rates}`);
    assert.equal(summary.activeResidents, Math.round(rates[2] * living.length));
  });

  it('shows kecamatan under 70 % and over 85 % active', () => {
    const active = new Set(current.filter((r) => r.status === 'AKTIF').map((r) => r.nik));
    const byKecamatan = new Map<string, { population: number; active: number }>();
    for (const row of living) {
      const k = row.kode_desa.slice(0, 8);
      const entry = byKecamatan.get(k) ?? { population: 0, active: 0 };
      entry.population++;
      if (active.has(row.nik)) entry.active++;
      byKecamatan.set(k, entry);
    }
    const rates = [...byKecamatan.values()].map((k) => k.active / k.population);
    assert.equal(rates.length, 21);
    assert.ok(Math.min(...rates) < 0.7 && Math.max(...rates) > 0.85, `kecamatan ${Math.min(...rates)}–${Math.max(...rates)}`);
  });

  it('gives each segment fitting inactive causes', () => {
    const causes = (segment: Segment) => {
      const rows = current.filter((r) => r.segmen === segment && resident.has(r.nik));
      const inactive = rows.filter((r) => r.status === 'NONAKTIF');
      const share = (cause: string) => inactive.filter((r) => r.alasan_nonaktif === cause).length / inactive.length;
      return { rate: inactive.length / rows.length, share };
    };
    const pbpu = causes('PBPU');
    assert.ok(pbpu.rate > 0.45 && pbpu.share('TUNGGAKAN') > 0.7 && pbpu.share('PENANGGUHAN') > 0.05);
    assert.ok(causes('BP').share('TUNGGAKAN') > 0.7);
    assert.ok(causes('PBI_APBN').share('PBI_DINONAKTIFKAN') > 0.9);
    assert.ok(causes('PPU_BU').share('PPU_BERHENTI') > 0.9);
    assert.ok(causes('PPU_PN').rate < 0.03 && causes('PBI_APBD').rate < 0.04);
    const misc = current.filter((r) => ['MENINGGAL', 'DATA_GANDA', 'LAINNYA'].includes(r.alasan_nonaktif));
    assert.ok(misc.length > 0);
  });

  it('has deceased, moved and unmatched members for the data-quality findings', () => {
    const byNik = new Map(penduduk.map((r) => [r.nik, r]));
    const status = (r: Row) => byNik.get(r.nik)?.status ?? 'UNKNOWN';
    const count = (s: string) => current.filter((r) => status(r) === s).length;
    const former = (s: string) => count(s) / penduduk.filter((r) => r.status === s).length;
    assert.ok(Math.abs(former('MENINGGAL') - 0.5) < 0.1 && Math.abs(former('PINDAH') - 0.5) < 0.15);
    const unmatched = count('UNKNOWN') / current.length;
    assert.ok(unmatched > 0.0015 && unmatched < 0.0025, `unmatched ${unmatched}`);
    assert.equal(summary.unmatchedMembers, count('UNKNOWN'));
  });

  it('ranks the poorer half in DTSEN, with extreme poor only in desil 1', () => {
    const niks = new Set<string>();
    for (const row of dtsen) {
      assert.ok(resident.has(row.nik), row.nik);
      assert.ok(!niks.has(row.nik));
      niks.add(row.nik);
      assert.match(row.desil, /^([1-9]|10)$/);
      assert.match(row.miskin_ekstrem, /^[YN]$/);
      if (row.miskin_ekstrem === 'Y') assert.equal(row.desil, '1');
    }
    const poorer = dtsen.filter((r) => Number(r.desil) <= 5).length / living.length;
    assert.ok(Math.abs(poorer - 0.5) < 0.04, `desil 1–5 ${poorer}`);
    assert.ok(dtsen.some((r) => Number(r.desil) > 5));
    const extreme = dtsen.filter((r) => r.miskin_ekstrem === 'Y').length / living.length;
    assert.ok(extreme >= 0.01 && extreme <= 0.02 && Math.abs(extreme - EXTREME_POOR_SHARE) < 0.005, `extreme ${extreme}`);
  });

  it('puts PBI members mostly in desil 1–5 and most removals outside it', () => {
    const desil = new Map(dtsen.map((r) => [r.nik, Number(r.desil)]));
    const poor = (r: Row) => (desil.get(r.nik) ?? 99) <= 5;
    const pbi = current.filter((r) => r.segmen === 'PBI_APBN' && resident.has(r.nik));
    const activePoor = pbi.filter((r) => r.status === 'AKTIF' && poor(r)).length / pbi.filter((r) => r.status === 'AKTIF').length;
    const removed = pbi.filter((r) => r.alasan_nonaktif === 'PBI_DINONAKTIFKAN');
    const removedPoor = removed.filter(poor).length / removed.length;
    assert.ok(activePoor > 0.7, `active PBI in desil 1–5: ${activePoor}`);
    assert.ok(removedPoor > 0.1 && removedPoor < 0.5, `removed PBI in desil 1–5: ${removedPoor}`);
  });
});
