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
