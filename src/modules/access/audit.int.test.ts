import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import type { AppContext } from '../../app/context.ts';
import { AUDIT_COUNT_AHEAD, searchAudit } from './audit.ts';

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
      const found = await searchAudit(app.db, { districtCode: district(), timeZone: 'Asia/Makassar', subject: nikOf(1234), page: 1, pageSize: 10 });
      assert.equal(found.total, 1);
      assert.equal(found.items[0]!.subject, '520301********34');
    });

    test('counts every match of a small search, and only so far ahead of the page in a large one', async () => {
      const everything = { districtCode: district(), timeZone: 'Asia/Makassar', action: 'eligibility.check', pageSize: 50 };
      const first = await searchAudit(app.db, { ...everything, page: 1 });
      // 5,000 records: the exact total.
      assert.ok(AUDIT_COUNT_AHEAD > 5000, 'the small search has fewer records than the count reads ahead');
      assert.deepEqual([first.total, first.totalIsAtLeast, first.items.length], [5000, false, 50]);
      const last = await searchAudit(app.db, { ...everything, page: 100 });
      assert.deepEqual([last.total, last.totalIsAtLeast, last.items.length], [5000, false, 50]);
      const beyond = await searchAudit(app.db, { ...everything, page: 101 });
      assert.deepEqual([beyond.total, beyond.items.length], [5000, 0]);
    });

    test('past the reach of the count the total is a lower bound that still leads to the next page', async () => {
      await app.db.query(
        `INSERT INTO audit_event (district_code, username, action, subject, detail)
         SELECT $1, 'desk', 'bulk.check', '520302' || lpad(i::text, 10, '0'), '{}'::jsonb
         FROM generate_series(1, $2::int) AS i`,
        [district(), AUDIT_COUNT_AHEAD + 200],
      );
      const bulk = { districtCode: district(), timeZone: 'Asia/Makassar', action: 'bulk.check', pageSize: 100 };
      const first = await searchAudit(app.db, { ...bulk, page: 1 });
      assert.deepEqual([first.total, first.totalIsAtLeast], [AUDIT_COUNT_AHEAD, true]);
      // Two pages on, the count reaches the end: exact again.
      const third = await searchAudit(app.db, { ...bulk, page: 3 });
      assert.deepEqual([third.total, third.totalIsAtLeast, third.items.length], [AUDIT_COUNT_AHEAD + 200, false, 100]);
    });

    test('a search by day counts days in the district zone', async () => {
      // 16.30 UTC on 31 May is 00.30 on 1 June in Lombok (WITA) but still 31 May in Jakarta (WIB).
      await app.db.query(
        `INSERT INTO audit_event (district_code, at, username, action, subject, detail) VALUES ($1, '2025-05-31T16:30:00Z', 'desk', 'zone.check', 'x', '{}')`,
        [district()],
      );
      const on = (timeZone: string, day: string) =>
        searchAudit(app.db, { districtCode: district(), timeZone, action: 'zone.check', from: day, to: day, page: 1, pageSize: 10 });
      assert.equal((await on('Asia/Makassar', '2025-06-01')).total, 1);
      assert.equal((await on('Asia/Makassar', '2025-05-31')).total, 0);
      assert.equal((await on('Asia/Jakarta', '2025-05-31')).total, 1);
      assert.equal((await on('Asia/Jakarta', '2025-06-01')).total, 0);
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
