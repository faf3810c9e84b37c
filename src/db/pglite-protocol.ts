/**
 * Messages between the main thread (src/db/pglite-connection.ts) and the worker thread that runs
 * PGlite (src/db/pglite-worker.ts). Every request carries an id; the worker answers each one once.
 */

/** `tx` names an open transaction (the id of its `begin` request); without it the statement runs outside any. */
export type PgliteRequest =
  | { id: number; op: 'open'; dataDir: string }
  | { id: number; op: 'query'; tx?: number; text: string; params?: unknown[] }
  | { id: number; op: 'copyIn'; tx?: number; table: string; columns: string[]; csv: string | Uint8Array }
  /** Answered with the CSV bytes as a transferred ArrayBuffer, or null when there are none. */
  | { id: number; op: 'copyOut'; tx?: number; query: string }
  /** Answered once BEGIN has run; statements outside the transaction wait until it ends. */
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'migrate'; migrationsFolder: string }
  | { id: number; op: 'close' };

export type PgliteResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** An error as it crosses the thread boundary: PostgreSQL's fields (code, detail, constraint, table…) kept. */
export interface SerializedError {
  message: string;
  fields: Record<string, string | number>;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { message: error.message, fields };
}

/** An Error thrown at the caller's stack, carrying the fields the worker's error had (e.g. `code` '23505'). */
export function deserializeError(serialized: SerializedError): Error {
  return Object.assign(new Error(serialized.message), serialized.fields);
}
