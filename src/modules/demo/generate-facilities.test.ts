import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scorecardReport, type Visit } from '../../domain/quality/scorecard.ts';
import { kbkProjection } from '../../domain/quality/scorecard.ts';
import { loadDistrictAreas } from '../area/reference.ts';
import { REFERENCE_DATE } from './calibration.ts';
import { generateDemoFiles } from './generate.ts';
import { type DemoFacility, demoFacilities, membersByFacility, visitMonths, writeFacilityFiles } from './generate-facilities.ts';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function lines(file: string): Promise<string[][]> {
  const text = await readFile(file, 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

describe('demo facilities and visits', () => {
  const seed = 11;
  let areas: Awaited<ReturnType<typeof loadDistrictAreas>>;
  let facilities: DemoFacility[];
  let pesertaPath: string;
  let outDir: string;
  const months = visitMonths(REFERENCE_DATE, 3);

  before(async () => {
    areas = await loadDistrictAreas('52.03');
    outDir = await mkdtemp(path.join(tmpdir(), 'smart-jkn-demo-fac-'));
    dirs.push(outDir);
    const generated = await generateDemoFiles({ outDir, scale: 0.02, seed });
    pesertaPath = generated.files.peserta.at(-1)!.path;
    facilities = demoFacilities(seed, areas.district, areas.kecamatan, areas.desa, generated.facilities);
  });

  it('has about 30 Puskesmas across the kecamatan, clinics, RSUD Selong and hospitals outside the district', () => {
    const puskesmas = facilities.filter((f) => f.jenis === 'PUSKESMAS');
    assert.ok(puskesmas.length >= 25 && puskesmas.length <= 45, `${puskesmas.length} Puskesmas`);
    assert.deepEqual(new Set(puskesmas.map((f) => f.kodeWilayah.slice(0, 8))).size, areas.kecamatan.length, 'every kecamatan has one');
    assert.ok(facilities.some((f) => f.jenis === 'KLINIK') && facilities.some((f) => f.jenis === 'DOKTER'));
    const selong = facilities.find((f) => f.nama.includes('Selong') && f.jenis === 'RS')!;
    assert.ok(selong.kodeWilayah.startsWith('52.03.'), 'RSUD Selong is in the district');
    assert.ok(facilities.some((f) => f.tingkat === 'FKRTL' && f.kodeWilayah === '52.71'), 'a hospital in Kota Mataram');
    assert.equal(new Set(facilities.map((f) => f.kode)).size, facilities.length, 'codes are unique');
    for (const f of facilities.filter((x) => x.tingkat === 'FKTP')) assert.ok(areas.desa.some((d) => d.code === f.kodeWilayah), f.kode);
    assert.ok(facilities.some((f) => f.kode === '52030701' && f.nama === 'Puskesmas Selong'), 'the demo login’s facility');
  });

  it("every peserta kode_fktp is a facility of the faskes file", async () => {
    const { active } = await membersByFacility(pesertaPath);
    const codes = new Set(facilities.map((f) => f.kode));
    for (const kode of active.keys()) assert.ok(codes.has(kode), kode);
  });

  it('writes the same files for the same seed; the visits show the profiles’ differences', async () => {
    const a = await writeFacilityFiles({ outDir, seed, facilities, pesertaPath, months });
    const hash = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');
    const first = [await hash(a.faskes), await hash(a.kunjungan)];
    const again = await writeFacilityFiles({ outDir, seed, facilities, pesertaPath, months });
    assert.deepEqual([await hash(again.faskes), await hash(again.kunjungan)], first);

    const visits: Visit[] = (await lines(a.kunjungan)).map((f) => ({
      id: f[0]!,
      kodeFaskes: f[1]!,
      tanggal: f[2]!,
      nik: f[3]!,
      jenisPasien: f[4] as 'JKN' | 'UMUM',
      jamDaftar: f[5] || null,
      jamLayan: f[6] || null,
      diagnosa: f[7] || null,
      rujuk: f[8] === 'Y',
      tujuanRujukan: f[9] || null,
      prolanis: (f[10] || null) as 'DM' | 'HT' | null,
      terkendali: f[11] ? f[11] === 'Y' : null,
    }));
    assert.equal(visits.length, a.visits);
    const keys = new Set(visits.map((v) => `${v.kodeFaskes}\t${v.id}`));
    assert.equal(keys.size, visits.length, 'no repeated (kode_faskes, id)');
    const codes = new Set(facilities.map((f) => f.kode));
    for (const v of visits) {
      if (v.rujuk) assert.ok(v.tujuanRujukan && codes.has(v.tujuanRujukan));
      if (v.jamDaftar && v.jamLayan) assert.ok(v.jamLayan >= v.jamDaftar);
      assert.ok(months.includes(v.tanggal.slice(0, 7)));
    }
    const { active } = await membersByFacility(pesertaPath);
    const registered = new Map([...active].map(([k, list]) => [k, list.length]));
    const report = scorecardReport({ month: months.at(-1)!, districtCode: '52.03', facilities, visits, registered, complaints: new Map() });
    const byProfile = (p: DemoFacility['profile']) => report.rows.filter((r) => facilities.find((f) => f.kode === r.kode)!.profile === p && r.jenis === 'PUSKESMAS');
    const mean = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0) / xs.length;
    assert.ok(mean(byProfile('antre').map((r) => r.waitGapMinutes)) > 20, 'JKN patients wait longer at "antre"');
    assert.ok(mean(byProfile('teladan').map((r) => r.waitGapMinutes)) < 8);
    assert.ok(mean(byProfile('perujuk').map((r) => r.rrns)) > mean(byProfile('teladan').map((r) => r.rrns)), '"perujuk" refers more non-specialist cases');
    assert.ok(mean(byProfile('kontak_rendah').map((r) => r.angkaKontak)) < 140, 'too few contacts');
    const teladanScore = mean(byProfile('teladan').map((r) => kbkProjection(r).score));
    assert.ok(teladanScore > mean(byProfile('kontak_rendah').map((r) => kbkProjection(r).score)));
    assert.ok(report.district.referralsOut > 0 && report.district.referralsOut < report.district.referrals, 'some referrals leave the district');
  });
});
