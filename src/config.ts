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

export interface HttpConfig {
  /** The address users reach the app at; an https one makes the session cookie Secure. */
  publicUrl: string | null;
  /**
   * Fastify's `trustProxy`: the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
   * (addresses, CIDR ranges or proxy-addr's names such as `loopback`, comma-separated), or none.
   */
  trustProxy: string | false;
}

export function httpConfig(): HttpConfig {
  const publicUrl = process.env.SMART_JKN_PUBLIC_URL?.trim() || null;
  if (publicUrl !== null && !/^https?:\/\/[^/]/i.test(publicUrl)) {
    throw new Error(`SMART_JKN_PUBLIC_URL: an http:// or https:// address, not "${publicUrl}"`);
  }
  // Only a proxy on this machine by default: believing anyone's X-Forwarded-For would let a client pick
  // the address the login throttle counts it under.
  const trust = process.env.SMART_JKN_TRUST_PROXY?.trim() || 'loopback';
  return { publicUrl, trustProxy: trust.toLowerCase() === 'none' ? false : trust };
}

/**
 * Where the counter's audit and case writers journal what the database has not taken while it is away
 * (src/db/durable-queue.ts), and how large the journal may grow. Beside the embedded data directory
 * (`data` → `data.journal`); with a server, `<data dir>/journal`. One serving process per directory.
 */
export function journalConfig(config: DatabaseConfig): { dir: string; maxBytes: number } {
  const dir = process.env.SMART_JKN_JOURNAL_DIR || (config.databaseUrl ? path.join(config.dataDir, 'journal') : `${config.dataDir}.journal`);
  return { dir: path.resolve(dir), maxBytes: positiveNumber('SMART_JKN_JOURNAL_MAX_MB', 256) * 1024 * 1024 };
}

/** How long a session already known is still accepted while the database cannot be reached to read it again. */
export function sessionGraceMs(): number {
  return positiveNumber('SMART_JKN_SESSION_GRACE_MINUTES', 15) * 60_000;
}

function positiveNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of 0 or more, not "${text}"`);
  return value;
}
