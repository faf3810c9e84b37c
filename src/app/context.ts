/**
 * What every entry point (server, CLI, tests, benchmarks) opens first: the database, migrated and
 * recovered from any interrupted import, and the district this deployment serves.
 */
import { configuredDistrictCode, configuredTimeZone, type DatabaseConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { type DistrictAreas, ensureAreaTable, loadDistrictAreas } from '../modules/area/index.ts';
import { abandonInterruptedBatches } from '../modules/registry/index.ts';

export interface AppContext {
  db: Database;
  district: DistrictAreas;
  close(): Promise<void>;
}

export async function openApp(
  config: DatabaseConfig,
  options: { holder?: { command: string; url?: string }; districtCode?: string } = {},
): Promise<AppContext> {
  const district = await loadDistrictAreas(options.districtCode ?? configuredDistrictCode(), { timeZone: configuredTimeZone() });
  const db = await openDatabase(config, { holder: options.holder });
  try {
    await ensureAreaTable(db);
    await abandonInterruptedBatches(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, district, close: () => db.close() };
}
