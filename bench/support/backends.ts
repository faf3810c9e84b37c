/**
 * The two backends every bench runs on: the embedded PGlite in a temporary data directory, and a
 * PostgreSQL server (bench/support/postgres.ts) with a fresh database. Each is removed at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '../../src/config.ts';
import { freshDatabase, type PostgresServer, startPostgres } from './postgres.ts';

export interface BenchBackend {
  name: 'pglite' | 'postgres';
  config: DatabaseConfig;
  /** e.g. "PGlite (/tmp/…)" or "PostgreSQL 15.x". */
  label: string;
}

/** Runs `work` once per requested backend, each on an empty database, and cleans up after. */
export async function forEachBackend(
  names: BenchBackend['name'][],
  log: (line: string) => void,
  work: (backend: BenchBackend) => Promise<void>,
): Promise<void> {
  let server: PostgresServer | null = null;
  try {
    for (const name of names) {
      if (name === 'pglite') {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'smart-jkn-bench-'));
        try {
          await work({ name, config: { databaseUrl: null, dataDir: path.join(dir, 'data') }, label: 'PGlite (embedded)' });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      } else {
        server ??= await startPostgres(log);
        const db = await freshDatabase(server, log);
        try {
          await work({ name, config: { databaseUrl: db.url, dataDir: '' }, label: `PostgreSQL ${server.version}` });
        } finally {
          await db.drop();
        }
      }
    }
  } finally {
    (server as PostgresServer | null)?.stop();
  }
}
