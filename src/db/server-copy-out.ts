/**
 * COPY … TO STDOUT from a PostgreSQL server over a connection of the caller's own, for a worker thread:
 * the COPY protocol's handling costs CPU for every row, which the main thread must not spend.
 */
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

export interface ServerCopyOut {
  connectionString: string;
  /** SELECTs, read one after another over the one connection. */
  queries: string[];
}

/** Each query's COPY output, in order. */
export async function copyOutFromServer({ connectionString, queries }: ServerCopyOut): Promise<Buffer[]> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined); // a broken connection also fails the read below, which reports it
  await client.connect();
  try {
    const outputs: Buffer[] = [];
    for (const query of queries) {
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT csv)`))) chunks.push(chunk as Buffer);
      outputs.push(Buffer.concat(chunks));
    }
    return outputs;
  } finally {
    await client.end();
  }
}
