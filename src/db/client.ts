/**
 * One database interface over the embedded PGlite and a PostgreSQL server, each through its native
 * driver. Modules write plain SQL both accept (PGlite is PostgreSQL 18, production 15); Drizzle serves
 * only the schema (schema.ts) and its migrations.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DatabaseConfig } from '../config.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { PgliteWorkerConnection } from './pglite-connection.ts';

export type Row = Record<string, unknown>;

/** What a query runs on: the database itself or an open transaction. */

export interface Sql {
  query<T = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Loads CSV (no header; text, or UTF-8 bytes) into `table(columns)` with COPY. Bytes may be handed to
   * another thread without a copy: the caller must not use them again.
   */
  copyCsv(table: string, columns: readonly string[], csv: string | Uint8Array): Promise<void>;
  /** The rows of a query as CSV (no header, UTF-8) through COPY, far faster than rows as objects. */
  copyOut(query: string): Promise<Uint8Array>;
}

export interface Database extends Sql {
  kind: 'embedded' | 'server';
  /**
   * Whether the database answers `SELECT 1` within `timeoutMs`. The embedded one counts as up while its
   * worker runs, even when a long statement (an import) keeps it from answering in time.
   */
  probe(timeoutMs: number): Promise<boolean>;
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  /** Who holds the embedded database (shown to a second process that finds it locked). */
  holder?: { command: string; url?: string };
  migrate?: boolean;
  /** The embedded database's worker module: only a test of a dying worker names another. */
  workerScript?: URL;
}

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  const db = config.databaseUrl
    ? openServer(config.databaseUrl)
    : await openEmbedded(config.dataDir, options.holder ?? { command: process.argv.slice(2).join(' ') }, options.workerScript);
  if (options.migrate !== false) await db.migrate();
  return db;
}

type Opened = Database & { migrate(): Promise<void> };

async function openEmbedded(dataDir: string, holder: { command: string; url?: string }, workerScript?: URL): Promise<Opened> {
  // PGlite has no lock of its own: a second process on the same directory corrupts it.
  const lock: DataDirLock = acquireDataDirLock(dataDir, holder);
  // PGlite runs in a worker thread: its statements run synchronously and would block the event loop.
  let connection: PgliteWorkerConnection;
  try {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    connection = new PgliteWorkerConnection(workerScript);
  } catch (error) {
    lock.release();
    throw error;
  }
  const close = async () => {
    try {
      await connection.close();
    } finally {
      lock.release();
    }
  };
  try {
    await connection.call({ op: 'open', dataDir });
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  // `tx` is the id of an open transaction; without it a statement waits for any open one to end.
  const on = (tx?: number): Sql => ({
    query: <T>(text: string, params?: unknown[]) => connection.call<T[]>({ op: 'query', tx, text, params }),
    copyCsv: (table, columns, csv) =>
      connection.call({ op: 'copyIn', tx, table, columns: [...columns], csv }, typeof csv === 'string' ? [] : [csv.buffer as ArrayBuffer]),
    async copyOut(query) {
      const bytes = await connection.call<ArrayBuffer | null>({ op: 'copyOut', tx, query });
      return bytes ? new Uint8Array(bytes) : new Uint8Array(0);
    },
  });
  return {
    kind: 'embedded',
    ...on(),
    probe: (timeoutMs) =>
      withTimeout(
        connection.call({ op: 'query', text: 'SELECT 1' }).then(() => true, () => false),
        timeoutMs,
        () => connection.running,
      ),
    async transaction(work) {
      const tx = await connection.call<number>({ op: 'begin' });
      let result;
      try {
        result = await work(on(tx));
      } catch (error) {
        await connection.call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await connection.call({ op: 'end', tx, commit: true });
      return result;
    },
    async migrate() {
      await connection.call({ op: 'migrate', migrationsFolder });
    },
    close,
  };
}

/** A connection attempt to a server that does not answer (a host gone, not merely refusing) gives up after this. */
const CONNECT_TIMEOUT_MS = 5_000;

function openServer(url: string): Opened {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.SMART_JKN_DB_POOL ?? 10), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection the server closes (a restart, an administrator) is reported here; without a
  // listener it would end the process. The pool has dropped it and opens another when needed.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`));
  // A connection checked out of the pool has no such listener (pg-pool removes it): one the server
  // closes between two statements (during a transaction, a COPY) would end the process. The statement
  // in progress gets the error; the pool drops the connection when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  let prober: pg.Client | null = null;
  const probe = async () => {
    try {
      if (!prober) {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
        client.on('error', () => {
          if (prober === client) prober = null;
        });
        prober = client;
        await client.connect();
      }
      await prober.query('SELECT 1');
      return true;
    } catch {
      const dead = prober;
      prober = null;
      void dead?.end().catch(() => undefined);
      return false;
    }
  };
  // Dates stay 'YYYY-MM-DD' strings and bigint counts become numbers, as PGlite returns them.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === 1082) return (value: string) => value;
      if (oid === 20) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const on = (client: pg.Pool | pg.PoolClient): Sql => ({
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query({ text, values: params, types })).rows as T[];
    },
    async copyCsv(table, columns, csv) {
      const connection = 'release' in client ? client : await client.connect();
      try {
        const stream = connection.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        await new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve).on('error', reject);
          stream.end(typeof csv === 'string' ? csv : Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength));
        });
      } finally {
        if (connection !== client) connection.release();
      }
    },
    async copyOut(query) {
      const connection = 'release' in client ? client : await client.connect();
      try {
        const chunks: Buffer[] = [];
        const stream = connection.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT csv)`));
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } finally {
        if (connection !== client) connection.release();
      }
    },
  });
  return {
    kind: 'server',
    ...on(pool),
    probe: (timeoutMs) =>
      withTimeout(probe(), timeoutMs, () => {
        // Not answered in time: the next probe starts with a new connection.
        void prober?.end().catch(() => undefined);
        prober = null;
        return false;
      }),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async migrate() {
      await migratePg(drizzlePg(pool), { migrationsFolder });
    },
    async close() {
      await prober?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout()), ms);
    void work.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/**
 * Whether an error means the database could not be reached (down, restarting, a connection cut), not
 * that the statement was wrong: such a request is answered 503, to be tried again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (name === 'FlushTimeoutError') return true;
  if (typeof code === 'string' && (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code) || code.startsWith('57P') || code.startsWith('08'))) {
    return true;
  }
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|embedded database worker stopped/.test(message);
}
