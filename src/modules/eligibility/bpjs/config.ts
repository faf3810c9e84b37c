/**
 * Configuration of the live BPJS lookup (formats.md "Configuration of the live BPJS lookup"): each
 * variable from the environment or, as `NAME_FILE`, from a file (a mounted secret), never from the
 * repository. Not configured (no service URL) → null, and eligibility answers from the mirror alone.
 */
import { readFileSync } from 'node:fs';
import type { BpjsCredentials } from './signature.ts';

/**
 * The credentials sit in a private field behind a getter, so logging or serialising the configuration
 * (console, pino, JSON) shows the URLs and never the secrets.
 */
export class BpjsConfig {
  readonly vclaimUrl: string | null;
  readonly pcareUrl: string | null;
  readonly #credentials: BpjsCredentials;

  constructor(vclaimUrl: string | null, pcareUrl: string | null, credentials: BpjsCredentials) {
    this.vclaimUrl = vclaimUrl;
    this.pcareUrl = pcareUrl;
    this.#credentials = credentials;
  }

  get credentials(): BpjsCredentials {
    return this.#credentials;
  }
}

type Env = Record<string, string | undefined>;

export function readBpjsConfig(env: Env = process.env): BpjsConfig | null {
  const vclaimUrl = serviceUrl(env, 'BPJS_VCLAIM_URL');
  const pcareUrl = serviceUrl(env, 'BPJS_PCARE_URL');
  if (vclaimUrl === null && pcareUrl === null) return null;

  const consId = setting(env, 'BPJS_CONS_ID');
  const secretKey = setting(env, 'BPJS_SECRET_KEY');
  const userKey = setting(env, 'BPJS_USER_KEY');
  if (consId === null || secretKey === null || userKey === null) {
    const missing = [
      consId === null && 'BPJS_CONS_ID',
      secretKey === null && 'BPJS_SECRET_KEY',
      userKey === null && 'BPJS_USER_KEY',
    ].filter(Boolean);
    // A URL without credentials is a half-done deployment: say so at start-up rather than fail each lookup.
    throw new Error(`BPJS lookup: a service URL is set but ${missing.join(', ')} (or its _FILE) is not`);
  }
  return new BpjsConfig(vclaimUrl, pcareUrl, { consId, secretKey, userKey });
}

/** A value from `NAME` or from the file named by `NAME_FILE`, trimmed; empty counts as unset. */
function setting(env: Env, name: string): string | null {
  const direct = env[name]?.trim() || null;
  const file = env[`${name}_FILE`]?.trim() || null;
  if (direct !== null && file !== null) throw new Error(`BPJS lookup: set ${name} or ${name}_FILE, not both`);
  if (file === null) return direct;
  let value: string;
  try {
    value = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`BPJS lookup: cannot read ${name}_FILE (${file}): ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (value === '') throw new Error(`BPJS lookup: ${name}_FILE (${file}) is empty`);
  return value;
}

/** A base URL up to and including the service path, without a trailing slash. */
function serviceUrl(env: Env, name: string): string | null {
  const value = setting(env, name);
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`BPJS lookup: ${name} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`BPJS lookup: ${name} must be http(s)`);
  return value.replace(/\/+$/, '');
}
