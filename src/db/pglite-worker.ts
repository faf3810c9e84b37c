/**
 * The embedded database, run in a worker thread. PGlite executes each statement synchronously in
 * WASM, so on the main thread a long one (a COPY, an index over a million rows, a reconciliation)
 * would stall every HTTP answer. The main thread talks to this worker through pglite-connection.ts.
 *
 * Requests are handled as they arrive, without waiting for one another: PGlite itself runs one
 * statement at a time in arrival order, and holds statements outside an open transaction back until
 * the transaction ends.
 */
import { parentPort } from 'node:worker_threads';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { type PgliteRequest, type PgliteResponse, serializeError } from './pglite-protocol.ts';

if (!parentPort) throw new Error('pglite-worker.ts runs as a worker thread (see pglite-connection.ts)');
const port = parentPort;

let client: PGlite | null = null;
/** Open transactions by the id of their `begin` request: the handle, and how to end it. */
const transactions = new Map<number, { tx: Transaction; end(commit: boolean): void; ended: Promise<void> }>();

const asText = (value: string) => value;

function database(): PGlite {
  if (!client) throw new Error('The embedded database is not open');
  return client;
}

function on(tx: number | undefined): Pick<PGlite, 'query'> {
  if (tx === undefined) return database();
  const open = transactions.get(tx);
  if (!open) throw new Error('The transaction has already ended');
  return open.tx;
}

async function begin(id: number): Promise<void> {
  let opened!: (tx: Transaction) => void;
  const started = new Promise<Transaction>((resolve) => (opened = resolve));
  let end!: (commit: boolean) => void;
  const decided = new Promise<boolean>((resolve) => (end = resolve));
  const ended = database().transaction(async (tx) => {
    opened(tx);
    if (!(await decided)) await tx.rollback();
  });
  ended.catch(() => undefined); // its outcome is reported to the 'end' request
  // Settles once BEGIN has run; rejects when BEGIN fails (then the transaction never started).
  const tx = (await Promise.race([started, ended])) as Transaction;
  transactions.set(id, { tx, end, ended });
}

async function handle(request: PgliteRequest): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> {
  switch (request.op) {
    case 'open':
      // Dates stay 'YYYY-MM-DD' strings, as the server driver is set up to return them.
      client = await PGlite.create(request.dataDir, { parsers: { [types.DATE]: asText } });
      return { value: null };
    case 'query':
      return { value: (await on(request.tx).query(request.text, request.params)).rows };
    case 'copyIn':
      await on(request.tx).query(`COPY ${request.table} (${request.columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([request.csv as string | Uint8Array<ArrayBuffer>]),
      });
      return { value: null };
    case 'copyOut': {
      const result = await on(request.tx).query(`COPY (${request.query}) TO '/dev/blob' WITH (FORMAT csv)`);
      if (!result.blob) return { value: null };
      // Moved, not copied, to the main thread: the text may be tens of MB.
      const bytes = await result.blob.arrayBuffer();
      return { value: bytes, transfer: [bytes] };
    }
    case 'begin':
      await begin(request.id);
      return { value: request.id };
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open) throw new Error('The transaction has already ended');
      transactions.delete(request.tx);
      open.end(request.commit);
      await open.ended; // rejects when COMMIT fails (PGlite has rolled back by then)
      return { value: null };
    }
    case 'migrate':
      await migrate(drizzle(database()), { migrationsFolder: request.migrationsFolder });
      return { value: null };
    case 'close':
      await client?.close();
      client = null;
      return { value: null };
  }
}

port.on('message', async (request: PgliteRequest) => {
  try {
    const { value, transfer } = await handle(request);
    port.postMessage({ id: request.id, ok: true, value } satisfies PgliteResponse, transfer);
  } catch (error) {
    // Also when the answer cannot be posted: the caller gets an error instead of waiting forever.
    port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies PgliteResponse);
  }
});
