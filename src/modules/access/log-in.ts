/**
 * Use case: log in. A username + address pair with too many recent failures is refused before the
 * password is checked (`login.throttled`); a wrong username or password (or an account of another
 * district) writes only its `login.failed` audit record; a right one writes the session and its `login`
 * record in one transaction, and clears the pair's failures.
 */
import type { Database } from '../../db/client.ts';
import { recordAudit } from './audit.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { createSession, type User, verifyLogin } from './users.ts';

export type LogInResult =
  | { outcome: 'ok'; user: User; token: string }
  | { outcome: 'failed' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

export async function logIn(
  db: Database,
  throttle: LoginThrottle,
  input: { username: string; password: string; districtCode: string; ip: string | null },
): Promise<LogInResult> {
  const entry = { districtCode: input.districtCode, username: input.username.slice(0, 100), ip: input.ip };
  const address = input.ip ?? '';
  // Throttled before the password is checked: the right one is refused too until the window has passed.
  const retryAfterSeconds = throttle.retryAfterSeconds(input.username, address);
  if (retryAfterSeconds > 0) {
    await recordAudit(db, { ...entry, action: 'login.throttled', detail: { retryAfterSeconds } });
    return { outcome: 'throttled', retryAfterSeconds };
  }
  const verified = await verifyLogin(db, input.username, input.password);
  const user = verified?.districtCode === input.districtCode ? verified : null;
  if (!user) {
    throttle.failed(input.username, address);
    await recordAudit(db, { ...entry, action: 'login.failed' });
    return { outcome: 'failed' };
  }
  const token = await db.transaction(async (tx) => {
    const created = await createSession(tx, user.id, input.ip);
    await recordAudit(tx, { ...entry, userId: user.id, username: user.username, action: 'login' });
    return created;
  });
  throttle.succeeded(input.username, address);
  return { outcome: 'ok', user, token };
}
