/**
 * COPY … TO STDOUT from a PostgreSQL server over a connection of the caller's own, for a worker thread:
 * the COPY protocol's handling costs CPU for every row, which the main thread must not spend.
 */
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

export interface ServerCopyOut {
  connectionString: string;
  /** A SELECT; its rows come back as CSV. */
  query: string;
  /** Without parallel workers (workers/foreground.ts: while the counter is in use). */
  serial: boolean;
  format?: 'csv' | 'binary';
}

export async function copyOutFromServer({ connectionString, query, serial, format = 'csv' }: ServerCopyOut): Promise<Uint8Array> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined); // a broken connection also fails the read below, which reports it
  await client.connect();
  try {
    if (serial) await client.query('SET max_parallel_workers_per_gather = 0');
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT ${format})`))) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    await client.end();
  }
}
