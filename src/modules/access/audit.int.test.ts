import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import type { AppContext } from '../../app/context.ts';
import { searchAudit } from './audit.ts';

for (const backend of backends()) {
  describe(`audit log search on ${backend.name}`, () => {
    let app: AppContext;
    const district = () => app.district.district.code;
    const nikOf = (i: number) => `520301${String(i).padStart(10, '0')}`;

    before(async () => {
      app = await freshApp(backend);
      // A log of many people's checks, as a counter writes it.
      await app.db.query(
        `INSERT INTO audit_event (district_code, username, action, subject, detail)
         SELECT $1, 'desk', 'eligibility.check', '520301' || lpad(i::text, 10, '0'), '{}'::jsonb
         FROM generate_series(1, 5000) AS i`,
        [district()],
      );
      await app.db.query('ANALYZE audit_event');
    });
    after(() => app.close());

    test('finds one person in the log by NIK, masked', async () => {
      const found = await searchAudit(app.db, { districtCode: district(), subject: nikOf(1234), page: 1, pageSize: 10 });
      assert.equal(found.total, 1);
      assert.equal(found.items[0]!.subject, '520301********34');
    });

    test('a search by NIK reads the index by subject, not the whole log', async () => {
      const plan = await app.db.transaction(async (tx) => {
        // Tables this small would be scanned whole anyway; the question is whether an index serves it.
        await tx.query('SET LOCAL enable_seqscan = off');
        const rows = await tx.query<{ 'QUERY PLAN': string }>(
          'EXPLAIN SELECT count(*) FROM audit_event WHERE district_code = $1 AND subject = $2',
          [district(), nikOf(1234)],
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.match(plan, /audit_event_subject_idx/);
    });
  });
}
