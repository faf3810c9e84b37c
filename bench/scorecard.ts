/**
 * Bench: facility scorecards (issue 15) on a year of visits for the district (~3 M rows at scale 1,
 * the demo generator's facilities and visits over 12 months, patients drawn from the current peserta
 * extract, which is imported first so `registered` is counted from the real member table).
 *
 * 1. The `kunjungan` import (importFacilityFile: full validation, the key check, one transaction with the
 *    facility-month replacement) against a raw COPY of the same file into a plain table with the file's
 *    columns, in the same database. Goal: ≤ 2× COPY.
 * 2. A month's scorecards for every FKTP from the raw tables (loadScorecards: facilities, visits, the
 *    member table's active counts, complaints), cold (member counts not kept) and warm, median of
 *    --runs; baseline: `SELECT count(*)` of that month's visits. Goal: < 1 s on the server.
 *
 *   node --import tsx bench/scorecard.ts [--scale 1] [--backend both] [--runs 5] [--months 12]
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { openApp } from '../src/app/context.ts';
import { loadDistrictAreas } from '../src/modules/area/index.ts';
import { REFERENCE_DATE } from '../src/modules/demo/calibration.ts';
import { demoFacilities, membersByFacility, visitMonths, writeFacilityFiles } from '../src/modules/demo/generate-facilities.ts';
import { NON_SPECIALIST_DIAGNOSES } from '../src/domain/quality/diagnoses.ts';
import { clearRegisteredCache, loadScorecards } from '../src/modules/quality/scorecard-repository.ts';
import { importFacilityFile } from '../src/modules/registry/index.ts';
import { forEachBackend } from './support/backends.ts';
import { fmt, log, machineLine, median, parseOptions, printTable } from './support/cli.ts';
import { benchData } from './support/data.ts';
import { importSource } from './support/district.ts';

const RATIO_GOAL = 2;
const SCORECARD_GOAL_MS = 1000;
const KUNJUNGAN_COLUMNS = ['id', 'kode_faskes', 'tanggal', 'nik', 'jenis_pasien', 'jam_daftar', 'jam_layan', 'diagnosa', 'rujuk', 'tujuan_rujukan', 'prolanis', 'terkendali'];
const ACTOR = { userId: null, username: 'bench', role: null, ip: null, via: 'cli' as const };

const options = parseOptions('bench/scorecard.ts: kunjungan import vs raw COPY; a month of scorecards from the raw tables', {
  runs: { default: '5', help: 'scorecard runs per backend (median reported)' },
  months: { default: '12', help: 'months of visits' },
});
const runs = Math.max(1, Number(options.runs));
const monthCount = Math.max(1, Number(options.months));
const data = await benchData(options.scale, options.seed, log);

// The facilities of the demo (one per kode_fktp of the peserta file, and the hospitals) and a year of visits.
const areas = await loadDistrictAreas('52.03');
const { active } = await membersByFacility(data.peserta.path);
const codes = new Map<string, string[]>();
for (const kode of [...active.keys()].sort()) {
  const kecamatan = `${kode.slice(0, 2)}.${kode.slice(2, 4)}.${kode.slice(4, 6)}`;
  codes.set(kecamatan, [...(codes.get(kecamatan) ?? []), kode]);
}
const facilities = demoFacilities(options.seed, areas.district, areas.kecamatan, areas.desa, codes);
const months = visitMonths(REFERENCE_DATE, monthCount);
const outDir = path.join(data.dir, `visits-${monthCount}m`);
await mkdir(outDir, { recursive: true });
let files = { faskes: path.join(outDir, 'faskes.csv'), kunjungan: path.join(outDir, 'kunjungan.csv') };
if (!existsSync(path.join(outDir, 'kunjungan.csv'))) {
  log(`writing ${monthCount} months of visits`);
  const started = performance.now();
  files = await writeFacilityFiles({ outDir, seed: options.seed, facilities, pesertaPath: data.peserta.path, months });
  log(`  in ${fmt.s(performance.now() - started)}`);
}
const kunjunganBytes = (await stat(files.kunjungan)).size;
const month = months[months.length - 1]!;

process.stdout.write(
  `scorecard — ${machineLine()}\n` +
    `kunjungan: ${fmt.mb(kunjunganBytes / 1024)}, ${months[0]} … ${month}; ${facilities.filter((f) => f.tingkat === 'FKTP').length} FKTP; ` +
    `peserta ${fmt.int(data.peserta.rows)} rows (scale ${options.scale}, seed ${options.seed}); ${runs} scorecard run(s)\n`,
);

/** The file's data lines in pieces of about 16 MB, on line boundaries. */
async function* pieces(file: string): AsyncGenerator<Buffer> {
  let carry = Buffer.alloc(0);
  let header = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 16 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (header) {
      buf = buf.subarray(buf.indexOf(10) + 1);
      header = false;
    }
    const end = buf.lastIndexOf(10) + 1;
    carry = Buffer.from(buf.subarray(end));
    if (end > 0) yield buf.subarray(0, end);
  }
  if (carry.length) yield carry;
}

const summary: string[][] = [];
const detail: string[][] = [];
await forEachBackend(options.backends, log, async (backend) => {
  const app = await openApp(backend.config, { holder: { command: 'bench scorecard' } });
  try {
    log(`${backend.label}: importing peserta and faskes`);
    await importSource(app, 'peserta', data.peserta.path, log);
    const faskesFile = path.join(outDir, 'faskes.csv');
    const f = await importFacilityFile(app.db, { source: 'faskes', filePath: faskesFile, skipInvalid: false, district: app.district, actor: ACTOR });
    if (f.status !== 'committed') throw new Error(`faskes rejected: ${JSON.stringify(f.issues.slice(0, 3))}`);

    log(`${backend.label}: raw COPY of the kunjungan file`);
    await app.db.query(`CREATE TABLE raw_kunjungan (${KUNJUNGAN_COLUMNS.map((c) => `${c} text`).join(', ')})`);
    let started = performance.now();
    for await (const piece of pieces(files.kunjungan)) await app.db.copyCsv('raw_kunjungan', KUNJUNGAN_COLUMNS, new Uint8Array(piece));
    const copyMs = performance.now() - started;
    const [{ n: copied }] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_kunjungan');
    // A second baseline, the database's own share: the same rows into a table like visit (its types
    // and its index) by INSERT … SELECT from the raw table, with no check at all.
    await app.db.query('CREATE TABLE visit_like (LIKE visit INCLUDING INDEXES)');
    started = performance.now();
    await app.db.query(
      `INSERT INTO visit_like SELECT $1, kode_faskes, tanggal::date, id, nik, jenis_pasien, nullif(jam_daftar, '')::time,
         nullif(jam_layan, '')::time, nullif(diagnosa, ''), rujuk = 'Y', nullif(tujuan_rujukan, ''), nullif(prolanis, ''),
         CASE terkendali WHEN 'Y' THEN true WHEN 'N' THEN false END, 0 FROM raw_kunjungan`,
      [app.district.district.code],
    );
    const typedMs = performance.now() - started;
    await app.db.query('DROP TABLE raw_kunjungan');
    await app.db.query('DROP TABLE visit_like');
    log(`  COPY ${fmt.int(copied)} rows in ${fmt.s(copyMs)}; importFacilityFile kunjungan`);
    started = performance.now();
    const imported = await importFacilityFile(app.db, { source: 'kunjungan', filePath: files.kunjungan, skipInvalid: false, district: app.district, actor: ACTOR });
    const importMs = performance.now() - started;
    if (imported.status !== 'committed') throw new Error(`kunjungan rejected: ${JSON.stringify(imported.issues.slice(0, 3))}`);
    log(`  import ${fmt.int(imported.rowsValid)} rows in ${fmt.s(importMs)}; re-import of one month's file for every facility`);
    await app.db.query('ANALYZE visit');

    const districtCode = app.district.district.code;
    const q = { districtCode, month, timeZone: app.district.timeZone, nonSpecialist: NON_SPECIALIST_DIAGNOSES };
    const cold: number[] = [];
    const warm: number[] = [];
    const base: number[] = [];
    let cards = 0;
    for (let run = 0; run <= runs; run++) {
      clearRegisteredCache();
      let t = performance.now();
      const r = await loadScorecards(app.db, q);
      if (run > 0) cold.push(performance.now() - t);
      cards = r.report.rows.length;
      t = performance.now();
      await loadScorecards(app.db, q);
      if (run > 0) warm.push(performance.now() - t);
      t = performance.now();
      await app.db.query(`SELECT count(*) FROM visit WHERE district_code = $1 AND tanggal >= $2::date AND tanggal < ($2::date + interval '1 month')::date`, [districtCode, `${month}-01`]);
      if (run > 0) base.push(performance.now() - t);
    }
    const [{ n: monthVisits }] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM visit WHERE district_code = $1 AND tanggal >= $2::date AND tanggal < ($2::date + interval '1 month')::date`,
      [districtCode, `${month}-01`],
    );
    const ratio = importMs / copyMs;
    summary.push(
      [backend.name, 'kunjungan import (importFacilityFile)', fmt.s(importMs), `COPY ${fmt.s(copyMs)}`, fmt.ratio(ratio), `≤ ${RATIO_GOAL}×`, fmt.goal(ratio <= RATIO_GOAL)],
      [backend.name, 'kunjungan import vs the database alone', fmt.s(importMs), `typed + indexed insert ${fmt.s(typedMs)}`, fmt.ratio(importMs / typedMs), '', ''],
      [backend.name, 'import rows/s', fmt.int(imported.rowsValid / (importMs / 1000)), `COPY ${fmt.int(copied / (copyMs / 1000))}`, fmt.ratio(copyMs / importMs), '', ''],
      [backend.name, `a month's scorecards, cold (${cards} FKTP)`, fmt.ms(median(cold)), `count(*) ${fmt.ms(median(base))}`, fmt.ratio(median(cold) / median(base)), `< ${SCORECARD_GOAL_MS} ms (server)`, backend.name === 'postgres' ? fmt.goal(median(cold) < SCORECARD_GOAL_MS) : ''],
      [backend.name, "a month's scorecards, member counts kept", fmt.ms(median(warm)), `count(*) ${fmt.ms(median(base))}`, fmt.ratio(median(warm) / median(base)), '', ''],
    );
    detail.push([backend.name, fmt.int(imported.rowsValid), String(imported.facilityMonths ?? ''), fmt.int(monthVisits), `${fmt.ms(Math.min(...cold))} – ${fmt.ms(Math.max(...cold))}`, `${fmt.ms(Math.min(...warm))} – ${fmt.ms(Math.max(...warm))}`]);
  } finally {
    await app.close();
  }
});

printTable('Summary (medians; ratio = figure / baseline)', ['backend', 'figure', 'value', 'baseline', 'ratio', 'goal', 'goal met?'], summary);
printTable('Detail', ['backend', 'visits imported', 'facility-months', "the month's visits", 'cold range', 'warm range'], detail);
