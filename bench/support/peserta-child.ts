/**
 * Child process of bench/import-peserta.ts, one mode per run:
 *   idle   — open the database as the app does, run one statement, report memory;
 *   copy   — the baseline: a raw COPY of the file into a plain table with the file's columns;
 *   import — importFile with full validation, commit and snapshot, split into phases.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openApp } from '../../src/app/context.ts';
import type { DatabaseConfig } from '../../src/config.ts';
import { snapshotOnImport } from '../../src/modules/coverage/snapshot-repository.ts';
import { importFile } from '../../src/modules/registry/import-file.ts';
import { childInput, type HeapAtPeak, memory, sampleMemory, sendResult, type Memory } from './child.ts';
import { importPhases, type ImportPhases, traced, type TraceEvent } from './trace.ts';

export interface PesertaChildInput {
  mode: 'idle' | 'copy' | 'import';
  config: DatabaseConfig;
  file: string;
}

export interface PesertaChildResult {
  mode: PesertaChildInput['mode'];
  ms: number;
  rows: number;
  status?: string;
  phases?: ImportPhases;
  memory: Memory;
  /** The process.memoryUsage() sample with the largest RSS (sampled every 100 ms; import only). */
  atPeak?: HeapAtPeak;
}

/** The peserta columns of formats.md, as a plain table: no partitioning, no index, no constraint. */
const COPY_TABLE = 'bench_copy_peserta';
const COPY_COLUMNS = `nik text, no_kartu text, segmen text, kelas text, status text, alasan_nonaktif text,
  bulan_tunggakan integer, kode_fktp text, data_per date`;
/** PGlite takes COPY data as a blob; the file goes in pieces of this size, cut at line ends. */
const PGLITE_COPY_BYTES = 16 * 1024 * 1024;

const input = childInput<PesertaChildInput>();
const app = await openApp(input.config, { holder: { command: `bench ${input.mode}` } });
let result: PesertaChildResult;
try {
  if (input.mode === 'idle') {
    await app.db.query('SELECT 1');
    result = { mode: 'idle', ms: 0, rows: 0, memory: memory() };
  } else if (input.mode === 'copy') {
    await app.db.query(`DROP TABLE IF EXISTS ${COPY_TABLE}`);
    await app.db.query(`CREATE TABLE ${COPY_TABLE} (${COPY_COLUMNS})`);
    const start = performance.now();
    if (app.db.kind === 'server') {
      const client = new pg.Client({ connectionString: input.config.databaseUrl! });
      await client.connect();
      try {
        await pipeline(
          createReadStream(input.file, { highWaterMark: 1024 * 1024 }),
          client.query(copyFrom(`COPY ${COPY_TABLE} FROM STDIN WITH (FORMAT csv, HEADER true)`)),
        );
      } finally {
        await client.end();
      }
    } else {
      const columns = ['nik', 'no_kartu', 'segmen', 'kelas', 'status', 'alasan_nonaktif', 'bulan_tunggakan', 'kode_fktp', 'data_per'];
      let rest = '';
      let header = true;
      for await (const piece of createReadStream(input.file, { encoding: 'utf8', highWaterMark: PGLITE_COPY_BYTES })) {
        let text = rest + (piece as string);
        const cut = text.lastIndexOf('\n') + 1;
        rest = text.slice(cut);
        text = text.slice(0, cut);
        if (header) {
          text = text.slice(text.indexOf('\n') + 1);
          header = false;
        }
        if (text) await app.db.copyCsv(COPY_TABLE, columns, text);
      }
      if (rest.trim()) await app.db.copyCsv(COPY_TABLE, columns, `${rest}\n`);
    }
    const ms = performance.now() - start;
    const [{ n }] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${COPY_TABLE}`);
    const mem = memory();
    await app.db.query(`DROP TABLE ${COPY_TABLE}`);
    result = { mode: 'copy', ms, rows: n, memory: mem };
  } else {
    const events: TraceEvent[] = [];
    const start = performance.now();
    const { value: imported, atPeak } = await sampleMemory(() =>
      importFile(traced(app.db, events), {
        source: 'peserta',
        filePath: input.file,
        skipInvalid: false,
        username: 'bench',
        district: app.district,
        onCommit: snapshotOnImport(app.db.kind),
      }),
    );
    const end = performance.now();
    if (imported.status === 'rejected') throw new Error(`peserta rejected: ${JSON.stringify(imported.issues.slice(0, 3))}`);
    result = {
      mode: 'import',
      ms: end - start,
      rows: imported.rowsValid,
      status: imported.status,
      phases: importPhases(events, start, end),
      memory: memory(),
      atPeak,
    };
  }
} finally {
  await app.close();
}
sendResult(result);
