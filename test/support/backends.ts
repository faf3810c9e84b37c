/**
 * Integration tests run on both backends: the embedded PGlite (a fresh temporary directory) and the
 * PostgreSQL server the test command starts (a fresh database per test file, TEST_DATABASE_URL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type AppContext, openApp } from '../../src/app/context.ts';
import type { DatabaseConfig } from '../../src/config.ts';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database configuration and its cleanup. */
  create(): Promise<{ config: DatabaseConfig; dispose(): Promise<void> }>;
}

const pglite: Backend = {
  name: 'pglite',
  async create() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'smart-jkn-test-'));
    return {
      config: { databaseUrl: null, dataDir: path.join(dir, 'data') },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

let counter = 0;
const postgres = (serverUrl: string): Backend => ({
  name: 'postgres',
  async create() {
    const name = `smart_jkn_test_${process.pid}_${Date.now()}_${counter++}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      config: { databaseUrl: url.toString(), dataDir: '' },
      async dispose() {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  },
});

/**
 * The backends to test on. The server pass is required where the test command runs
 * (TEST_DATABASE_URL set); running a single file by hand without it tests PGlite only.
 */
export function backends(): Backend[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [pglite, postgres(url)] : [pglite];
}

/** Opens a fresh app on the backend; `close` also drops the database. */
export async function freshApp(backend: Backend): Promise<AppContext & { config: DatabaseConfig }> {
  const { config, dispose } = await backend.create();
  const app = await openApp(config);
  return {
    ...app,
    config,
    async close() {
      await app.close();
      await dispose();
    },
  };
}
