/**
 * Complaints through HTTP on both backends: the public contract of formats.md, the facility handling
 * one, the state machine's refusals, escalation on a test clock, the LAPOR! import (a bad file changes
 * nothing), and the holiday list as data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { backends, freshApp } from '../../../test/support/backends.ts';
import { addTestUser, startServer } from '../../../test/support/server.ts';
import type { Services } from '../../app/compose.ts';
import type { AppContext } from '../../app/context.ts';
import { TRACKING_CODE_BITS } from '../../domain/quality/complaints.ts';
import { ComplaintsService } from './complaints-service.ts';

function lapor(csv: string) {
  const boundary = '----laportest';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lapor.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { method: 'POST' as const, url: '/api/v1/complaints/import-lapor', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const backend of backends()) {
  describe(`complaints on ${backend.name}`, () => {
    let app: AppContext;
    let services: Services;
    let server: FastifyInstance;
    let stop: () => Promise<void>;
    // The test clock: a Wednesday morning in Lombok Timur (WITA), moved by the tests.
    let now = new Date('2026-07-01T01:00:00Z');
    const cookie: Record<string, { smartjkn_session: string }> = {};

    before(async () => {
      app = await freshApp(backend);
      ({ services, server, close: stop } = await startServer(app, { complaints: { clock: () => now, escalationIntervalMs: 0, publicLimits: { file: 12, track: 1000, write: 1000 } } }));
      for (const [username, role, facilityCode] of [
        ['c-admin', 'admin', null],
        ['c-dinkes', 'dinkes', null],
        ['c-pkm1', 'faskes', 'PKM-01'],
        ['c-pkm2', 'faskes', 'PKM-02'],
      ] as const) {
        await addTestUser(app, { username, password: `password-${username}`, role, facilityCode });
        const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: `password-${username}` } });
        cookie[username] = { smartjkn_session: login.cookies.find((c) => c.name === 'smartjkn_session')!.value };
      }
    });
    after(async () => {
      await stop();
      await app.close();
    });

    const file = (payload: object) => server.inject({ method: 'POST', url: '/api/v1/complaints', payload });
    const track = (code: string) => server.inject({ url: `/api/v1/complaints/track/${encodeURIComponent(code)}` });
    const idOf = async (trackingCode: string) =>
      (await server.inject({ url: '/api/v1/complaints?status=all&pageSize=200', cookies: cookie['c-admin'] })).json().items.find((c: { trackingCode: string }) => c.trackingCode === trackingCode).id as string;

    test('filing without a session: 201 with exactly trackingCode, status, receivedAt, dueAt; a bad body is 400 naming the field and writes nothing', async () => {
      const filed = await file({ category: 'ANTRE_LAMA', description: 'Antre empat jam tanpa nomor.' });
      assert.equal(filed.statusCode, 201, filed.body);
      const body = filed.json();
      assert.deepEqual(Object.keys(body).sort(), ['dueAt', 'receivedAt', 'status', 'trackingCode']);
      assert.match(body.trackingCode, /^JKN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
      assert.ok(TRACKING_CODE_BITS >= 50);
      assert.equal(body.status, 'received');
      assert.equal(body.receivedAt, now.toISOString());
      // ANTRE_LAMA defaults to SEDANG: 5 working days after Wednesday 1 July 2026 → Wednesday 8 July, end of day WITA.
      assert.equal(body.dueAt, '2026-07-08T15:59:59.999Z');

      const [{ before: count }] = await app.db.query<{ before: number }>('SELECT count(*)::int AS before FROM complaint');
      for (const [payload, field] of [
        [{ category: 'NOPE', description: 'x' }, 'category'],
        [{ category: 'ANTRE_LAMA' }, 'description'],
        [{ category: 'ANTRE_LAMA', description: 'x', contact: { email: 'not-an-email' } }, 'email'],
        [{ category: 'ANTRE_LAMA', description: 'x', shareIdentity: 'yes' }, 'shareIdentity'],
      ] as const) {
        const bad = await file(payload);
        assert.equal(bad.statusCode, 400, bad.body);
        assert.match(bad.json().error, new RegExp(field), bad.body);
      }
      const [{ after: countAfter }] = await app.db.query<{ after: number }>('SELECT count(*)::int AS after FROM complaint');
      assert.equal(countAfter, count);
    });

    test('tracking: exactly the formats.md fields (and the rating and follow-up), no name, no staff name; an unknown code is 404', async () => {
      const filed = (
        await file({ category: 'DIMINTA_BAYAR', description: 'Diminta Rp50.000.', facilityCode: 'PKM-01', contact: { name: 'Siti Rahmawati', phone: '081234567890' }, shareIdentity: true })
      ).json();
      const id = await idOf(filed.trackingCode);
      await server.inject({ method: 'POST', url: '/api/v1/complaints/assign', cookies: cookie['c-dinkes'], payload: { ids: [id], facilityCode: 'PKM-01' } });
      const wrote = await server.inject({ method: 'POST', url: `/api/v1/complaints/${id}/messages`, cookies: cookie['c-pkm1'], payload: { text: 'Kapan Anda datang?' } });
      assert.equal(wrote.statusCode, 201, wrote.body);
      // Read aloud in lower case with spaces: still the same complaint.
      const tracked = await track(filed.trackingCode.toLowerCase().replace(/-/g, ' '));
      assert.equal(tracked.statusCode, 200, tracked.body);
      const t = tracked.json();
      for (const key of ['trackingCode', 'category', 'status', 'receivedAt', 'dueAt', 'sla', 'messages']) assert.ok(key in t, key);
      assert.deepEqual([t.trackingCode, t.category, t.status, t.sla], [filed.trackingCode, 'DIMINTA_BAYAR', 'assigned', 'HIJAU']);
      assert.deepEqual(t.messages.map((m: object) => Object.keys(m).sort()), [['at', 'from', 'text']]);
      assert.equal(t.messages[0].from, 'staff');
      assert.ok(!tracked.body.includes('Siti') && !tracked.body.includes('0812') && !tracked.body.includes('c-pkm1'), tracked.body);
      assert.equal((await track('JKN-0000-0000-00')).statusCode, 404);
      assert.equal((await track('nonsense')).statusCode, 404);
    });

    test('the facility handles its complaint: start, answer, the complainant replies (reopens), resolve, rate; steps out of order are 409', async () => {
      const filed = (await file({ category: 'TIDAK_RAMAH', description: 'Petugas membentak.', facilityCode: 'PKM-01' })).json();
      const id = await idOf(filed.trackingCode);
      const as = (who: string, url: string, payload: object) => server.inject({ method: 'POST', url: `/api/v1/complaints/${id}${url}`, cookies: cookie[who], payload });
      // Not assigned yet: the facility does not see it.
      assert.equal((await server.inject({ url: `/api/v1/complaints/${id}`, cookies: cookie['c-pkm1'] })).statusCode, 404);
      assert.equal((await as('c-pkm1', '/transition', { to: 'in_progress' })).statusCode, 404);
      assert.equal((await server.inject({ method: 'POST', url: '/api/v1/complaints/assign', cookies: cookie['c-admin'], payload: { ids: [id], facilityCode: 'PKM-01' } })).statusCode, 200);
      const notes = (await server.inject({ url: '/api/v1/complaints/notifications', cookies: cookie['c-pkm1'] })).json().items;
      assert.ok(notes.some((n: { trackingCode: string }) => n.trackingCode === filed.trackingCode));
      assert.equal((await server.inject({ url: '/api/v1/complaints/notifications', cookies: cookie['c-pkm2'] })).json().items.length, 0);
      // Another facility is told there is no such complaint.
      assert.equal((await as('c-pkm2', '/transition', { to: 'in_progress' })).statusCode, 404);
      // Resolving before starting is a step the state machine refuses.
      const early = await as('c-pkm1', '/resolve', { resolution: 'x' });
      assert.equal(early.statusCode, 409, early.body);
      assert.equal((await as('c-pkm1', '/transition', { to: 'in_progress' })).statusCode, 200);
      // An assignee may not close: only an officer or the complainant.
      assert.equal((await as('c-pkm1', '/transition', { to: 'closed' })).statusCode, 409);
      assert.equal((await as('c-pkm1', '/transition', { to: 'answered' })).statusCode, 200);
      const reply = await server.inject({ method: 'POST', url: `/api/v1/complaints/track/${filed.trackingCode}/messages`, payload: { text: 'Belum ada permintaan maaf.' } });
      assert.equal(reply.statusCode, 201);
      assert.equal((await track(filed.trackingCode)).json().status, 'in_progress');
      // Rating before resolution is refused.
      assert.equal((await server.inject({ method: 'POST', url: `/api/v1/complaints/track/${filed.trackingCode}/rating`, payload: { rating: 5 } })).statusCode, 409);
      assert.equal((await as('c-pkm1', '/resolve', { resolution: 'Petugas ditegur dan meminta maaf.' })).statusCode, 200);
      const resolved = (await track(filed.trackingCode)).json();
      assert.equal(resolved.status, 'resolved');
      assert.equal(resolved.messages.at(-1).text, 'Petugas ditegur dan meminta maaf.');
      assert.equal((await server.inject({ method: 'POST', url: `/api/v1/complaints/track/${filed.trackingCode}/rating`, payload: { rating: 6 } })).statusCode, 400);
      assert.equal((await server.inject({ method: 'POST', url: `/api/v1/complaints/track/${filed.trackingCode}/rating`, payload: { rating: 4 } })).statusCode, 200);
      const closed = (await track(filed.trackingCode)).json();
      assert.deepEqual([closed.status, closed.rating], ['closed', 4]);
      // The follow-up opens 21 days after the resolution.
      const followUp = (fixed: boolean) => server.inject({ method: 'POST', url: `/api/v1/complaints/track/${filed.trackingCode}/follow-up`, payload: { fixed } });
      assert.equal((await followUp(true)).statusCode, 409);
      const saved = now;
      now = new Date(now.getTime() + 22 * 86_400_000);
      try {
        assert.equal((await followUp(false)).statusCode, 200);
        assert.equal((await followUp(true)).statusCode, 409, 'answered once');
      } finally {
        now = saved;
      }
      assert.equal((await track(filed.trackingCode)).json().fixed, false);
      // Every step has its audit record and its history step.
      const audit = await app.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE subject = $1 ORDER BY id`, [`complaint:${id}`]);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['complaint.file', 'complaint.assign', 'complaint.move', 'complaint.move', 'complaint.reply', 'complaint.resolve', 'complaint.rate', 'complaint.follow-up'],
      );
      const detail = (await server.inject({ url: `/api/v1/complaints/${id}`, cookies: cookie['c-pkm1'] })).json();
      assert.deepEqual(
        detail.history.map((h: { toStatus: string }) => h.toStatus),
        ['received', 'assigned', 'in_progress', 'answered', 'in_progress', 'resolved', 'closed'],
      );
      assert.ok(!('identity' in detail) && !('identityShared' in detail), 'a facility is never told about the identity');
    });

    test('escalation on the test clock: an overdue complaint goes to the head of Dinas Kesehatan once, and its assignee is notified', async () => {
      const filed = (await file({ category: 'DITOLAK', description: 'Ditolak di IGD.', facilityCode: 'PKM-02' })).json();
      const id = await idOf(filed.trackingCode);
      await server.inject({ method: 'POST', url: '/api/v1/complaints/assign', cookies: cookie['c-admin'], payload: { ids: [id], facilityCode: 'PKM-02' } });
      // DITOLAK is TINGGI: one working day, due Thursday 2 July 2026 at the end of the day.
      assert.equal(filed.dueAt, '2026-07-02T15:59:59.999Z');
      const saved = now;
      try {
        now = new Date('2026-07-02T15:00:00Z');
        assert.equal((await track(filed.trackingCode)).json().sla, 'KUNING');
        assert.deepEqual((await services.complaints.escalate()).escalated, []);
        now = new Date('2026-07-02T16:00:01Z');
        assert.equal((await track(filed.trackingCode)).json().sla, 'MERAH');
        const overdue = (await server.inject({ url: '/api/v1/complaints?overdue=true&sla=MERAH', cookies: cookie['c-dinkes'] })).json();
        assert.ok(overdue.items.some((c: { id: string }) => c.id === id));
        const first = await services.complaints.escalate();
        assert.ok(first.escalated.includes(id));
        assert.deepEqual((await services.complaints.escalate()).escalated, [], 'never twice');
        const detail = (await server.inject({ url: `/api/v1/complaints/${id}`, cookies: cookie['c-dinkes'] })).json();
        assert.deepEqual([detail.status, detail.escalatedTo], ['escalated', 'dinkes']);
        assert.equal(detail.history.at(-1).actor, 'system');
        const notes = (await server.inject({ url: '/api/v1/complaints/notifications', cookies: cookie['c-pkm2'] })).json().items;
        assert.match(notes[0].text, /dieskalasi/);
        assert.equal(notes[0].trackingCode, filed.trackingCode);
        const escalatedDesk = (await server.inject({ url: '/api/v1/complaints?escalated=true', cookies: cookie['c-admin'] })).json();
        assert.ok(escalatedDesk.items.some((c: { id: string }) => c.id === id));
        const [audit] = await app.db.query<{ username: string }>(`SELECT username FROM audit_event WHERE action = 'complaint.escalate' AND subject = $1`, [`complaint:${id}`]);
        assert.equal(audit!.username, 'system');
      } finally {
        now = saved;
      }
    });

    test('the escalation timer escalates by itself once started, and nothing more after close', async () => {
      const saved = now;
      try {
        const late = (await file({ category: 'DITOLAK', description: 'Timer.' })).json();
        now = new Date(now.getTime() + 10 * 86_400_000);
        const timer = new ComplaintsService(app.db, { districtCode: app.district.district.code, timeZone: app.district.timeZone }, { clock: () => now, escalationIntervalMs: 100 });
        timer.start();
        const status = async (code: string) => (await track(code)).json().status;
        for (let i = 0; i < 50 && (await status(late.trackingCode)) !== 'escalated'; i++) await new Promise((r) => setTimeout(r, 100));
        assert.equal(await status(late.trackingCode), 'escalated');
        await timer.close();
        now = saved;
        const after = (await file({ category: 'DITOLAK', description: 'After close.' })).json();
        now = new Date(now.getTime() + 10 * 86_400_000);
        await new Promise((r) => setTimeout(r, 400));
        assert.equal(await status(after.trackingCode), 'received', 'a closed service runs no more');
      } finally {
        now = saved;
      }
    });

    test('the LAPOR! import: a file with a bad row changes nothing and names line, column and reason; a good one maps ID and category', async () => {
      const [{ n: before }] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaint');
      const bad = await server.inject({
        ...lapor('id_laporan,tanggal,kategori,isi\nLAP-1,2026-06-01,Pungutan liar,Diminta bayar\nLAP-2,2026-02-30,Antrean,Lama\nLAP-1,2026-06-02,Obat,Kosong\n'),
        cookies: cookie['c-dinkes'],
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.deepEqual(bad.json().issues, [
        { line: 3, column: 'tanggal', reason: '"2026-02-30" is not a date YYYY-MM-DD (or YYYY-MM-DD HH:MM)' },
        { line: 4, column: 'id_laporan', reason: 'the same as line 2' },
      ]);
      const missing = await server.inject({ ...lapor('id_laporan,tanggal,isi\nLAP-9,2026-06-01,x\n'), cookies: cookie['c-dinkes'] });
      assert.deepEqual(missing.json().issues, [{ line: 1, column: 'kategori', reason: 'required column missing' }]);
      const [{ n: afterBad }] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaint');
      assert.equal(afterBad, before);

      const good = await server.inject({
        ...lapor('id_laporan,tanggal,kategori,isi,kode_faskes,tingkat\n4412345,2026-06-29 09:30,Pungutan Liar / Pungli,Diminta bayar Rp100.000,PKM-01,\n4412346,2026-06-30,Kesehatan,Lainnya,,RENDAH\n'),
        cookies: cookie['c-dinkes'],
      });
      assert.equal(good.statusCode, 200, good.body);
      assert.deepEqual(
        good.json().items.map((i: { externalId: string; category: string }) => [i.externalId, i.category]),
        [
          ['4412345', 'DIMINTA_BAYAR'],
          ['4412346', 'LAINNYA'],
        ],
      );
      const [row] = await app.db.query<{ channel: string; received_at: Date; facility_code: string }>(
        `SELECT channel, received_at, facility_code FROM complaint WHERE external_id = '4412345'`,
      );
      assert.deepEqual([row!.channel, new Date(row!.received_at).toISOString(), row!.facility_code], ['SP4N_LAPOR', '2026-06-29T01:30:00.000Z', 'PKM-01']);
      const again = await server.inject({ ...lapor('id_laporan,tanggal,kategori,isi\n4412345,2026-06-29,Pungli,x\n'), cookies: cookie['c-dinkes'] });
      assert.deepEqual(again.json().issues, [{ line: 2, column: 'id_laporan', reason: '4412345 was imported before' }]);
    });

    test('staff entry of a phone complaint keeps the channel; the identity stays with the officers', async () => {
      const entered = await server.inject({
        method: 'POST',
        url: '/api/v1/complaints/entries',
        cookies: cookie['c-dinkes'],
        payload: { category: 'OBAT_KOSONG', description: 'Insulin kosong dua minggu.', channel: 'WHATSAPP', severity: 'TINGGI', contact: { phone: '081200000009' }, shareIdentity: true },
      });
      assert.equal(entered.statusCode, 201, entered.body);
      const detail = (await server.inject({ url: `/api/v1/complaints/${entered.json().id}`, cookies: cookie['c-admin'] })).json();
      assert.deepEqual([detail.channel, detail.severity, detail.identity.phone], ['WHATSAPP', 'TINGGI', '081200000009']);
      const refused = await server.inject({ method: 'POST', url: '/api/v1/complaints/entries', cookies: cookie['c-pkm1'], payload: { category: 'OBAT_KOSONG', description: 'x', channel: 'PHONE' } });
      assert.equal(refused.statusCode, 403);
    });

    test('holidays are data: an admin adds one and the next due time skips it; a bad list is 400 and changes nothing', async () => {
      const list = (await server.inject({ url: '/api/v1/complaints/holidays', cookies: cookie['c-admin'] })).json().items;
      assert.ok(list.some((h: { date: string }) => h.date === '2026-08-17'));
      const bad = await server.inject({ method: 'PUT', url: '/api/v1/complaints/holidays', cookies: cookie['c-admin'], payload: { items: [{ date: '2026-13-01', name: 'x', kind: 'LIBUR_NASIONAL' }] } });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error, /holidays\[0\]\.date/);
      assert.equal((await server.inject({ url: '/api/v1/complaints/holidays', cookies: cookie['c-admin'] })).json().items.length, list.length);
      assert.equal((await server.inject({ method: 'PUT', url: '/api/v1/complaints/holidays', cookies: cookie['c-dinkes'], payload: { items: list } })).statusCode, 403);
      const put = await server.inject({
        method: 'PUT',
        url: '/api/v1/complaints/holidays',
        cookies: cookie['c-admin'],
        payload: { items: [...list, { date: '2026-07-02', name: 'Libur daerah (uji)', kind: 'CUTI_BERSAMA' }] },
      });
      assert.equal(put.statusCode, 200, put.body);
      const filed = (await file({ category: 'DITOLAK', description: 'Ditolak lagi.' })).json();
      assert.equal(filed.dueAt, '2026-07-03T15:59:59.999Z', 'Thursday 2 July is now a holiday: due Friday');
    });

    test('the public form is rate limited per client: 429 once the minute’s filings are used', async () => {
      let last = 0;
      for (let i = 0; i < 13 && last !== 429; i++) last = (await file({ category: 'LAINNYA', description: `Batas ${i}` })).statusCode;
      assert.equal(last, 429);
    });
  });
}
