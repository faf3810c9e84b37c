/**
 * The security baseline through HTTP (issue #13, formats.md "Changes to the counter's contract"): login
 * throttling, security headers, the Secure session cookie, the password rule, and an admin ending sessions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends, freshApp } from '../../../test/support/backends.ts';
import type { AppContext } from '../../app/context.ts';
import type { HttpConfig } from '../../config.ts';
import { buildServer } from '../../http/server.ts';
import { addTestUser, startServices } from '../../../test/support/server.ts';
import type { Services } from '../../app/compose.ts';
import { LoginThrottle } from './login-throttle.ts';

const LOCAL: HttpConfig = { publicUrl: null, trustProxy: 'loopback' };
const cookieOf = (response: LightMyRequestResponse) => {
  const header = response.headers['set-cookie'];
  return (Array.isArray(header) ? header : [header ?? '']).find((c) => c.startsWith('smartjkn_session=')) ?? '';
};
const tokenOf = (response: LightMyRequestResponse) => cookieOf(response).split(';')[0]!.slice('smartjkn_session='.length);

for (const backend of backends()) {
  describe(`security baseline on ${backend.name}`, () => {
    let app: AppContext;
    let server: FastifyInstance;
    let now = 1_000_000_000;
    const throttle = new LoginThrottle({ now: () => now });
    const servers: FastifyInstance[] = [];
    let services: Services;
    const build = async (http: HttpConfig, loginThrottle?: LoginThrottle) => {
      const built = await buildServer(services, { http, loginThrottle });
      servers.push(built);
      return built;
    };
    const login = (username: string, password: string, extra: { remoteAddress?: string; headers?: Record<string, string> } = {}, on = server) =>
      on.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, ...extra });
    const audits = async (action: string) =>
      (await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE action = $1', [action]))[0]!.n;

    before(async () => {
      app = await freshApp(backend);
      const districtCode = app.district.district.code;
      for (const [username, role] of [
        ['admin', 'admin'],
        ['dinkes', 'dinkes'],
        ['petugas', 'viewer'],
        ['loket', 'viewer'],
      ] as const) {
        await addTestUser(app, { username, password: `sandi-${username}-panjang`, role, districtCode });
      }
      services = await startServices(app);
      server = await build(LOCAL, throttle);
    });
    after(async () => {
      for (const s of servers) await s.close();
      await services.close();
      await app.close();
    });

    describe('login throttling', () => {
      test('five failures from one address: 429 with Retry-After, even with the right password, for that pair only', async () => {
        const from = { remoteAddress: '10.1.0.1' };
        for (let i = 0; i < 5; i++) {
          assert.equal((await login('petugas', 'salah-sekali', from)).statusCode, 401);
          now += 60_000;
        }
        const refused = await login('petugas', 'sandi-petugas-panjang', from);
        assert.equal(refused.statusCode, 429);
        // The first failure was five minutes ago: ten minutes to go.
        assert.equal(refused.headers['retry-after'], String(10 * 60));
        assert.equal(cookieOf(refused), '');
        assert.equal((await login('PETUGAS', 'sandi-petugas-panjang', from)).statusCode, 429, 'the username as the login compares it');
        // Another username from that address, and that username from another address, are not held up.
        assert.equal((await login('loket', 'sandi-loket-panjang', from)).statusCode, 200);
        assert.equal((await login('petugas', 'sandi-petugas-panjang', { remoteAddress: '10.1.0.2' })).statusCode, 200);
        assert.equal(await audits('login.throttled'), 2);
        assert.equal(await audits('login.failed'), 5);
        // Once the first failure is 15 minutes old, the pair may try again.
        now += 10 * 60_000;
        assert.equal((await login('petugas', 'sandi-petugas-panjang', from)).statusCode, 200);
      });

      test('a success resets the count', async () => {
        const from = { remoteAddress: '10.1.0.3' };
        for (let i = 0; i < 4; i++) await login('loket', 'salah-sekali', from);
        assert.equal((await login('loket', 'sandi-loket-panjang', from)).statusCode, 200);
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await login('loket', 'salah-sekali', from)).statusCode);
        assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
        assert.equal((await login('loket', 'sandi-loket-panjang', from)).statusCode, 429);
      });

      test("an untrusted client's X-Forwarded-For does not change the address it is counted under", async () => {
        const statuses = [];
        for (let i = 0; i < 6; i++) {
          const response = await login('dinkes', 'salah-sekali', { remoteAddress: '10.1.0.4', headers: { 'x-forwarded-for': `192.0.2.${i}` } });
          statuses.push(response.statusCode);
        }
        assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
        const [row] = await app.db.query<{ ip: string }>(`SELECT ip FROM audit_event WHERE action = 'login.throttled' ORDER BY id DESC LIMIT 1`);
        assert.equal(row!.ip, '10.1.0.4');
        // A trusted proxy (loopback) is believed: the client behind it is counted by its own address.
        const viaProxy = await login('dinkes', 'sandi-dinkes-panjang', { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.0.4' } });
        assert.equal(viaProxy.statusCode, 429);
        const other = await login('dinkes', 'sandi-dinkes-panjang', { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.0.5' } });
        assert.equal(other.statusCode, 200);
      });
    });

    describe('security headers', () => {
      const expectHeaders = (response: LightMyRequestResponse, what: string) => {
        const csp = String(response.headers['content-security-policy'] ?? '');
        assert.match(csp, /default-src 'self'/, `${what}: CSP default-src`);
        assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors`);
        assert.doesNotMatch(csp, /upgrade-insecure-requests/, `${what}: plain http stays usable`);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
        assert.equal(response.headers['referrer-policy'], 'no-referrer', what);
        assert.equal(response.headers['x-frame-options'], 'DENY', what);
      };

      test('on an API answer, a refused one, a 404, the page and /api/docs', async () => {
        const health = await server.inject({ method: 'GET', url: '/api/health' });
        assert.equal(health.statusCode, 200);
        expectHeaders(health, 'API');
        const refused = await server.inject({ method: 'GET', url: '/api/v1/users' });
        assert.equal(refused.statusCode, 401);
        expectHeaders(refused, '401');
        const missing = await server.inject({ method: 'GET', url: '/api/no-such-route' });
        assert.equal(missing.statusCode, 404);
        expectHeaders(missing, '404');
        const page = await server.inject({ method: 'GET', url: '/' });
        assert.equal(page.statusCode, 200);
        expectHeaders(page, 'page');
        for (const url of ['/api/docs', '/api/docs/static/swagger-initializer.js', '/api/docs/json']) {
          const docs = await server.inject({ method: 'GET', url });
          assert.equal(docs.statusCode, 200, url);
          expectHeaders(docs, url);
        }
      });
    });

    describe('the session cookie', () => {
      const secure = (response: LightMyRequestResponse) => {
        assert.equal(response.statusCode, 200);
        return /;\s*Secure/i.test(cookieOf(response));
      };

      test('is not Secure over plain http', async () => {
        assert.equal(secure(await login('admin', 'sandi-admin-panjang', { remoteAddress: '10.2.0.1' })), false);
      });

      test('is Secure when the public URL is https', async () => {
        const https = await build({ publicUrl: 'https://jkn.example.go.id', trustProxy: 'loopback' });
        assert.equal(secure(await login('admin', 'sandi-admin-panjang', { remoteAddress: '10.2.0.2' }, https)), true);
      });

      test("is Secure behind a trusted proxy's X-Forwarded-Proto: https, not behind an untrusted one's", async () => {
        const proto = { 'x-forwarded-proto': 'https' };
        assert.equal(secure(await login('admin', 'sandi-admin-panjang', { remoteAddress: '127.0.0.1', headers: proto })), true);
        assert.equal(secure(await login('admin', 'sandi-admin-panjang', { remoteAddress: '10.2.0.3', headers: proto })), false);
        const trusting = await build({ publicUrl: null, trustProxy: '10.2.0.0/24' });
        assert.equal(secure(await login('admin', 'sandi-admin-panjang', { remoteAddress: '10.2.0.3', headers: proto }, trusting)), true);
        const trustingNone = await build({ publicUrl: null, trustProxy: false });
        assert.equal(secure(await login('admin', 'sandi-admin-panjang', { remoteAddress: '127.0.0.1', headers: proto }, trustingNone)), false);
      });
    });

    describe('new passwords', () => {
      test('shorter than 10 characters or equal to the username: a 400 naming the field, and no user', async () => {
        const token = tokenOf(await login('admin', 'sandi-admin-panjang', { remoteAddress: '10.3.0.1' }));
        const add = (username: string, password: string) =>
          server.inject({ method: 'POST', url: '/api/v1/users', cookies: { smartjkn_session: token }, payload: { username, password, role: 'viewer' } });
        const short = await add('petugas2', 'sembilan9');
        assert.equal(short.statusCode, 400);
        assert.match(short.json().error, /^password: at least 10 characters/);
        const same = await add('Petugas-Desa', 'PETUGAS-DESA');
        assert.equal(same.statusCode, 400);
        assert.equal(same.json().error, 'password: must not be the username');
        const users = await app.db.query('SELECT 1 FROM app_user WHERE username IN ($1, $2)', ['petugas2', 'petugas-desa']);
        assert.equal(users.length, 0);
        assert.equal((await add('petugas2', 'sepuluh-10')).statusCode, 201);
      });
    });

    describe('an admin ends sessions', () => {
      type Session = { id: number; createdAt: string; expiresAt: string; ip: string | null };
      let adminToken: string;
      let userId: number;
      const asAdmin = (method: 'GET' | 'DELETE', url: string) => server.inject({ method, url, cookies: { smartjkn_session: adminToken } });
      const coverage = (token: string) => server.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { smartjkn_session: token } });

      before(async () => {
        adminToken = tokenOf(await login('admin', 'sandi-admin-panjang', { remoteAddress: '10.4.0.1' }));
        [{ id: userId }] = await app.db.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'loket'`);
        await app.db.query('DELETE FROM user_session WHERE user_id = $1', [userId]);
      });

      test('lists them with address and expiry; one ended is refused at once, the other still works', async () => {
        const first = tokenOf(await login('loket', 'sandi-loket-panjang', { remoteAddress: '10.4.0.2' }));
        const second = tokenOf(await login('loket', 'sandi-loket-panjang', { remoteAddress: '10.4.0.3' }));
        // Both are in this server's session cache now.
        assert.equal((await coverage(first)).statusCode, 200);
        assert.equal((await coverage(second)).statusCode, 200);
        const listed = await asAdmin('GET', `/api/v1/users/${userId}/sessions`);
        assert.equal(listed.statusCode, 200);
        const items: Session[] = listed.json().items;
        assert.deepEqual(items.map((s) => s.ip), ['10.4.0.3', '10.4.0.2']);
        for (const s of items) assert.ok(new Date(s.expiresAt).getTime() - new Date(s.createdAt).getTime() >= 11 * 3600_000);
        assert.equal(JSON.stringify(listed.json()).includes(first), false, 'no token is shown');

        const ended = await asAdmin('DELETE', `/api/v1/users/${userId}/sessions/${items[1]!.id}`);
        assert.deepEqual([ended.statusCode, ended.json()], [200, { ended: 1 }]);
        assert.equal((await coverage(first)).statusCode, 401);
        assert.equal((await coverage(second)).statusCode, 200);
        const [audit] = await app.db.query<{ username: string; subject: string; detail: { sessions: number[] } }>(
          `SELECT username, subject, detail FROM audit_event WHERE action = 'user.sessions.end' ORDER BY id DESC LIMIT 1`,
        );
        assert.deepEqual([audit!.username, audit!.subject, audit!.detail.sessions], ['admin', 'loket', [items[1]!.id]]);

        const again = await asAdmin('DELETE', `/api/v1/users/${userId}/sessions/${items[1]!.id}`);
        assert.equal(again.statusCode, 404);
        assert.match(again.json().error, /^session/);
      });

      test('ending all of a user’s sessions refuses every one at once', async () => {
        const token = tokenOf(await login('loket', 'sandi-loket-panjang', { remoteAddress: '10.4.0.4' }));
        assert.equal((await coverage(token)).statusCode, 200);
        const ended = await asAdmin('DELETE', `/api/v1/users/${userId}/sessions`);
        assert.equal(ended.statusCode, 200);
        assert.ok(ended.json().ended >= 2);
        assert.equal((await coverage(token)).statusCode, 401);
        assert.deepEqual((await asAdmin('GET', `/api/v1/users/${userId}/sessions`)).json().items, []);
      });

      test('a session of another user or an unknown user is a 404, and nothing ends', async () => {
        const token = tokenOf(await login('loket', 'sandi-loket-panjang', { remoteAddress: '10.4.0.5' }));
        const [{ id: sessionId }] = await app.db.query<{ id: number }>('SELECT id FROM user_session WHERE user_id = $1', [userId]);
        const [{ id: adminId }] = await app.db.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'admin'`);
        assert.equal((await asAdmin('DELETE', `/api/v1/users/${adminId}/sessions/${sessionId}`)).statusCode, 404);
        assert.equal((await asAdmin('DELETE', '/api/v1/users/999999/sessions')).statusCode, 404);
        assert.equal((await asAdmin('GET', '/api/v1/users/999999/sessions')).statusCode, 404);
        assert.equal((await coverage(token)).statusCode, 200);
      });

      test('a user who is not an admin may neither list nor end sessions', async () => {
        const token = tokenOf(await login('dinkes', 'sandi-dinkes-panjang', { remoteAddress: '10.4.0.6' }));
        const as = (method: 'GET' | 'DELETE', url: string) => server.inject({ method, url, cookies: { smartjkn_session: token } });
        assert.equal((await as('GET', `/api/v1/users/${userId}/sessions`)).statusCode, 403);
        assert.equal((await as('DELETE', `/api/v1/users/${userId}/sessions`)).statusCode, 403);
        assert.equal((await server.inject({ method: 'DELETE', url: `/api/v1/users/${userId}/sessions` })).statusCode, 401);
        assert.ok((await app.db.query('SELECT 1 FROM user_session WHERE user_id = $1', [userId])).length > 0);
      });
    });
  });
}
