import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, freshApp } from '../../../test/support/backends.ts';
import type { AppContext } from '../../app/context.ts';
import { type Actor, ForbiddenError } from './actor.ts';
import { addUser, UserInputError } from './add-user.ts';
import { logIn } from './log-in.ts';
import { LoginThrottle } from './login-throttle.ts';
import { tokenHash, userForSessionHash } from './users.ts';

const ADMIN: Actor = { userId: 1, username: 'boss', role: 'admin', ip: '10.0.0.9', via: 'web' };

for (const backend of backends()) {
  describe(`adding a user and logging in on ${backend.name}`, () => {
    let app: AppContext;
    let districtCode: string;
    const count = async (sql: string) => (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0]!.n;

    before(async () => {
      app = await freshApp(backend);
      districtCode = app.district.district.code;
    });
    after(() => app.close());

    test('the user and its user.add audit record are written together', async () => {
      const user = await addUser(app.db, { username: ' Petugas.Satu ', password: 'sandi-rahasia', role: 'viewer', districtCode }, ADMIN);
      assert.equal(user.username, 'petugas.satu');
      const [audit] = await app.db.query<{ username: string; subject: string; ip: string; detail: { role: string; via: string } }>(
        `SELECT username, subject, ip, detail FROM audit_event WHERE action = 'user.add'`,
      );
      assert.deepEqual([audit!.username, audit!.subject, audit!.ip, audit!.detail.role, audit!.detail.via], ['boss', 'petugas.satu', '10.0.0.9', 'viewer', 'web']);
    });

    test('bad input, a taken username or a role that may not add users change nothing', async () => {
      const users = await count('app_user');
      const audits = await count('audit_event');
      await assert.rejects(addUser(app.db, { username: 'petugas.satu', password: 'sandi-rahasia', role: 'viewer', districtCode }, ADMIN), (e) => e instanceof UserInputError && /^username: "petugas.satu" already exists/.test(e.message));
      await assert.rejects(addUser(app.db, { username: 'x', password: 'sandi-rahasia', role: 'viewer', districtCode }, ADMIN), UserInputError);
      await assert.rejects(addUser(app.db, { username: 'pkm', password: 'sandi-rahasia', role: 'faskes', districtCode }, ADMIN), /^Error: facility/);
      await assert.rejects(
        addUser(app.db, { username: 'sneaky', password: 'sandi-rahasia', role: 'admin', districtCode }, { ...ADMIN, role: 'dinkes' }),
        ForbiddenError,
      );
      assert.deepEqual([await count('app_user'), await count('audit_event')], [users, audits]);
    });

    test('a login writes its session and its audit record; a wrong one only login.failed', async () => {
      const throttle = new LoginThrottle();
      const wrong = await logIn(app.db, throttle, { username: 'petugas.satu', password: 'not-it', districtCode, ip: null });
      assert.equal(wrong.outcome, 'failed');
      const elsewhere = await logIn(app.db, throttle, { username: 'petugas.satu', password: 'sandi-rahasia', districtCode: '52.01', ip: null });
      assert.equal(elsewhere.outcome, 'failed', 'an account of another district does not log in here');
      const session = await logIn(app.db, throttle, { username: 'petugas.satu', password: 'sandi-rahasia', districtCode, ip: '10.0.0.2' });
      assert.ok(session.outcome === 'ok');
      assert.equal((await userForSessionHash(app.db, tokenHash(session.token)))?.username, 'petugas.satu');
      const rows = await app.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE action LIKE 'login%' ORDER BY id`);
      assert.deepEqual(rows.map((r) => r.action), ['login.failed', 'login.failed', 'login']);
      assert.equal(await count('user_session'), 1);
    });
  });
}
