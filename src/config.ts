/** Deployment configuration from the environment and the command line; nothing district-specific beyond the default. */
import path from 'node:path';

export const DEFAULT_DISTRICT_CODE = '52.03'; // Kabupaten Lombok Timur

export interface DatabaseConfig {
  /** A PostgreSQL server when set; otherwise the embedded database in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
}

export function databaseConfig(options: { dataDir?: string } = {}): DatabaseConfig {
  return {
    databaseUrl: process.env.DATABASE_URL || null,
    dataDir: path.resolve(options.dataDir ?? process.env.SMART_JKN_DATA_DIR ?? './data'),
  };
}

/** An IANA time zone overriding the one the district's province keeps (`SMART_JKN_TIME_ZONE`). */
export function configuredTimeZone(): string | null {
  return process.env.SMART_JKN_TIME_ZONE || null;
}

export function configuredDistrictCode(): string {
  return process.env.SMART_JKN_DISTRICT || DEFAULT_DISTRICT_CODE;
}
