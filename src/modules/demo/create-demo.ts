/**
 * The demo district: synthetic files from the calibrated generator, imported through the same
 * import path as real files, plus demo logins that exist only in a database marked as a demo.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../../app/context.ts';
import { type Actor, addUser, type Role } from '../access/index.ts';
import { loadDistrictAreas } from '../area/index.ts';
import { type ImportProgress, type ImportResult, importFacilityFile, importFile, type Source } from '../registry/index.ts';
import { REFERENCE_DATE } from './calibration.ts';
import { demoFacilities, visitMonths, writeFacilityFiles } from './generate-facilities.ts';
import { generateDemoFiles } from './generate.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';

/** Small enough to be ready within a minute on first start; `smart-jkn demo --scale 1` builds the full district. */
export const FIRST_START_SCALE = 0.05;
export const DEFAULT_SEED = 2026;
/** Months of synthetic visits, ending with the month of the current peserta extract. */
export const DEMO_VISIT_MONTHS = 6;
export const DEMO_FACILITY = '52030701';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  facilityCode: string | null;
}

/** Well-known on purpose: they exist only in a demo database of synthetic people. */
export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'admin', password: 'demo-admin', role: 'admin', facilityCode: null },
  { username: 'dinkes', password: 'demo-dinkes', role: 'dinkes', facilityCode: null },
  { username: 'dinsos', password: 'demo-dinsos', role: 'dinsos', facilityCode: null },
  { username: 'disnaker', password: 'demo-disnaker', role: 'disnaker', facilityCode: null },
  { username: 'baznas', password: 'demo-baznas', role: 'funder', facilityCode: null },
  /** Puskesmas Selong (a code of the demo's faskes file: kecamatan 52.03.07, number 01). */
  { username: 'puskesmas', password: 'demo-puskesmas', role: 'faskes', facilityCode: DEMO_FACILITY },
  { username: 'viewer', password: 'demo-viewer', role: 'viewer', facilityCode: null },
];

export class NotADemoDatabaseError extends Error {}

export interface DemoStep {
  step: string;
  source?: Source | 'faskes' | 'kunjungan';
  progress?: ImportProgress;
  done?: number;
  total?: number;
}

export async function isDemoDatabase(app: AppContext): Promise<boolean> {
  const [row] = await app.db.query(`SELECT 1 FROM setting WHERE key = 'demo'`);
  return Boolean(row);
}

export async function hasImportedData(app: AppContext): Promise<boolean> {
  const rows = await app.db.query('SELECT 1 FROM source_state WHERE district_code = $1 LIMIT 1', [app.district.district.code]);
  return rows.length > 0;
}

export async function createDemoDistrict(
  app: AppContext,
  options: { scale: number; seed: number; onStep?: (step: DemoStep) => void },
): Promise<{ results: ImportResult[]; logins: DemoLogin[] }> {
  if ((await hasImportedData(app)) && !(await isDemoDatabase(app))) {
    throw new NotADemoDatabaseError(
      'This database holds imported data that is not a demo: the demo district goes only into an empty or demo database.',
    );
  }
  const districtCode = app.district.district.code;
  await app.db.query(
    `INSERT INTO setting (key, value) VALUES ('demo', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify({ scale: options.scale, seed: options.seed, createdAt: new Date().toISOString() })],
  );
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'smart-jkn-demo-'));
  try {
    const { files, facilities } = await generateDemoFiles({
      outDir,
      scale: options.scale,
      seed: options.seed,
      districtCode,
      onProgress: (done, total) => options.onStep?.({ step: 'generate', done, total }),
    });
    const plan: [Source, string][] = [
      ['penduduk', files.penduduk],
      ['dtsen', files.dtsen],
      ...files.peserta.map((p): [Source, string] => ['peserta', p.path]),
    ];
    const results: ImportResult[] = [];
    for (const [source, filePath] of plan) {
      const result = await importFile(app.db, {
        source,
        filePath,
        skipInvalid: false,
        username: 'demo',
        district: app.district,
        onCommit: snapshotOnImport(app.db.kind),
        onProgress: (progress) => options.onStep?.({ step: 'import', source, progress }),
      });
      if (result.status === 'rejected') {
        throw new Error(`The demo ${source} file was rejected: ${JSON.stringify(result.issues.slice(0, 5))}`);
      }
      results.push(result);
    }
    // Facilities and months of visits (issue 15), through the same imports as real files.
    const areas = await loadDistrictAreas(districtCode);
    const facilityFiles = await writeFacilityFiles({
      outDir,
      seed: options.seed,
      facilities: demoFacilities(options.seed, areas.district, areas.kecamatan, areas.desa, facilities),
      pesertaPath: files.peserta[files.peserta.length - 1]!.path,
      months: visitMonths(REFERENCE_DATE, DEMO_VISIT_MONTHS),
    });
    const builderActor: Actor = { userId: null, username: 'demo', role: null, ip: null, via: 'demo' };
    for (const source of ['faskes', 'kunjungan'] as const) {
      options.onStep?.({ step: 'import', source });
      const result = await importFacilityFile(app.db, {
        source,
        filePath: source === 'faskes' ? facilityFiles.faskes : facilityFiles.kunjungan,
        skipInvalid: false,
        district: app.district,
        actor: builderActor,
      });
      if (result.status === 'rejected') throw new Error(`The demo ${source} file was rejected: ${JSON.stringify(result.issues.slice(0, 5))}`);
      results.push(result as unknown as ImportResult);
    }
    const existing = new Set((await app.db.query<{ username: string }>('SELECT username FROM app_user')).map((u) => u.username));
    const builder: Actor = { userId: null, username: 'demo', role: null, ip: null, via: 'demo' };
    for (const login of DEMO_LOGINS) {
      if (!existing.has(login.username)) await addUser(app.db, { ...login, districtCode }, builder);
    }
    return { results, logins: DEMO_LOGINS };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
