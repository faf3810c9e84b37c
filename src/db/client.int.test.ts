import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { backends } from '../../test/support/backends.ts';
import { type Database, openDatabase } from './client.ts';

const server = backends().find((backend) => backend.name === 'postgres');

describe('the PostgreSQL server connection', { skip: server ? false : 'no TEST_DATABASE_URL' }, () => {
  let db: Database;
  let url: string;
  let dispose: () => Promise<void>;

  before(async () => {
    const created = await server!.create();
    url = created.config.databaseUrl!;
    dispose = created.dispose;
    db = await openDatabase(created.config, { migrate: false });
  });
  after(async () => {
    await db.close();
    await dispose();
  });

  it('loads CSV with copyCsv and returns it as bytes from copyOut, also inside a transaction', async () => {
    await db.query('CREATE TABLE copied (nik text, name text, day date)');
    const csv = '5203011234560001,"Baiq, Nurul",2026-11-23\n5203011234560002,Ṡelong,\n';
    await db.copyCsv('copied', ['nik', 'name', 'day'], csv);
    assert.equal(new TextDecoder().decode(await db.copyOut('SELECT nik, name, day FROM copied ORDER BY nik')), csv);
    await db.transaction(async (tx) => {
      assert.equal(new TextDecoder().decode(await tx.copyOut(`SELECT name FROM copied WHERE day IS NULL`)), 'Ṡelong\n');
    });
    assert.equal((await db.copyOut('SELECT 1 WHERE false')).length, 0);
  });

  it('survives the server closing its idle connections, and opens new ones', async () => {
    assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const [{ terminated }] = (
        await admin.query(
          `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
      ).rows;
      assert.ok(terminated >= 1, 'the idle connection was closed by the server');
    } finally {
      await admin.end();
    }
    await sleep(100); // the pool hears of it
    assert.deepEqual(await db.query('SELECT 2 AS two'), [{ two: 2 }]);
  });
});
