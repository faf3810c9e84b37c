/**
 * Use case: log in. A wrong username or password (or an account of another district) writes only its
 * `login.failed` audit record; a right one writes the session and its `login` record in one transaction.
 */
import type { Database } from '../../db/client.ts';
import { recordAudit } from './audit.ts';
import { createSession, type User, verifyLogin } from './users.ts';

export async function logIn(
  db: Database,
  input: { username: string; password: string; districtCode: string; ip: string | null },
): Promise<{ user: User; token: string } | null> {
  const verified = await verifyLogin(db, input.username, input.password);
  const user = verified?.districtCode === input.districtCode ? verified : null;
  const entry = { districtCode: input.districtCode, userId: user?.id, username: user?.username ?? input.username.slice(0, 100), ip: input.ip };
  if (!user) {
    await recordAudit(db, { ...entry, action: 'login.failed' });
    return null;
  }
  return db.transaction(async (tx) => {
    const token = await createSession(tx, user.id);
    await recordAudit(tx, { ...entry, action: 'login' });
    return { user, token };
  });
}
