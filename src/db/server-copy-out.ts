/**
 * COPY … TO STDOUT from a PostgreSQL server over a connection of the caller's own, for a worker thread:
 * the COPY protocol's handling costs CPU for every row, which the main thread must not spend.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

export interface ServerCopyOut {
  connectionString: string;
  /** SELECTs, read one after another over the one connection. */
  queries: string[];
  /**
   * While the counter is in use (workers/foreground.ts): without parallel workers, and after each
   * query a pause as long as it took, so that the server's backend takes at most half a core and
   * leaves the rest to the desks' answers.
   */
  paced: boolean;
  format?: 'csv' | 'binary';
}

/** Each query's COPY output, in order. */
export async function copyOutFromServer({ connectionString, queries, paced, format = 'csv' }: ServerCopyOut): Promise<Buffer[]> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined); // a broken connection also fails the read below, which reports it
  await client.connect();
  try {
    if (paced) await client.query('SET max_parallel_workers_per_gather = 0');
    const outputs: Buffer[] = [];
    for (const query of queries) {
      const start = performance.now();
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT ${format})`))) chunks.push(chunk as Buffer);
      outputs.push(Buffer.concat(chunks));
      if (paced) await sleep(performance.now() - start);
    }
    return outputs;
  } finally {
    await client.end();
  }
}
