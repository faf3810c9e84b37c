/** `smart-jkn apikey add` in a real process: the key is printed once, stored as a hash, and works on /fhir. */
import { runCli } from '../../../test/support/cli.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends } from '../../../test/support/backends.ts';
import { nik } from '../../../test/support/files.ts';
import { openApp } from '../../app/context.ts';
import type { DatabaseConfig } from '../../config.ts';
import { startServer } from '../../../test/support/server.ts';
import { apiKeyHash } from './api-keys.ts';
import { NIK_SYSTEM } from './resources.ts';
import { snapshotOnImport } from '../coverage/snapshot-repository.ts';


const cli = runCli;

for (const backend of backends()) {
  describe(`smart-jkn apikey add on ${backend.name}`, () => {
    let config: DatabaseConfig;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ config, dispose } = await backend.create());
    });
    after(() => dispose());

    test('prints the key once on standard output; the database holds only its hash; the key opens /fhir for that facility', async () => {
      const made = await cli(config, ['apikey', 'add', '--facility', 'RSUD-SELONG', '--label', 'SIMRS RSUD Selong']);
      assert.equal(made.code, 0, made.stderr);
      const key = made.stdout.trim();
      assert.match(key, /^sjk_[A-Za-z0-9_-]{43}$/);
      assert.match(made.stderr, /RSUD-SELONG/);
      assert.equal(made.stderr.includes(key), false);

      const app = await openApp(config);
      try {
        const rows = await app.db.query<{ key_hash: string; facility_code: string; label: string; created_by: string }>(
          'SELECT key_hash, facility_code, label, created_by FROM api_key',
        );
        assert.equal(rows.length, 1);
        assert.deepEqual(
          [rows[0]!.key_hash, rows[0]!.facility_code, rows[0]!.label, rows[0]!.created_by.startsWith('cli:')],
          [apiKeyHash(key), 'RSUD-SELONG', 'SIMRS RSUD Selong', true],
        );
        const [audit] = await app.db.query<{ detail: { facility: string; via: string } }>(`SELECT detail FROM audit_event WHERE action = 'apikey.add'`);
        assert.deepEqual([audit!.detail.facility, audit!.detail.via], ['RSUD-SELONG', 'cli']);

        const { server, services, close } = await startServer(app);
        try {
          const url = `/fhir/Patient?identifier=${encodeURIComponent(`${NIK_SYSTEM}|${nik(1)}`)}`;
          assert.equal((await server.inject({ url, headers: { authorization: `Bearer ${key}` } })).statusCode, 200);
          assert.equal((await server.inject({ url, headers: { authorization: `Bearer ${key}x` } })).statusCode, 401);
          await services.audit.flush();
          const [read] = await app.db.query<{ detail: { facility: string } }>(`SELECT detail FROM audit_event WHERE action = 'fhir.patient.search'`);
          assert.equal(read!.detail.facility, 'RSUD-SELONG');
        } finally {
          await close();
        }
      } finally {
        await app.close();
      }
    });

    test('a bad facility code or a missing label is a usage error (exit 2) and makes no key', async () => {
      const bad = await cli(config, ['apikey', 'add', '--facility', 'RSUD SELONG', '--label', 'x']);
      assert.deepEqual([bad.code, bad.stdout], [2, '']);
      assert.match(bad.stderr, /facility/);
      const missing = await cli(config, ['apikey', 'add', '--facility', 'PKM-1']);
      assert.deepEqual([missing.code, missing.stdout], [2, '']);
      assert.match(missing.stderr, /--label/);
      const app = await openApp(config);
      try {
        assert.equal((await app.db.query('SELECT 1 FROM api_key')).length, 1);
      } finally {
        await app.close();
      }
    });
  });
}
