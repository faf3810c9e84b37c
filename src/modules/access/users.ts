/** Users with argon2id-hashed passwords, and their sessions (only a hash of the token is stored). */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Sql } from '../../db/client.ts';
import type { Role } from './roles.ts';

export interface User {
  id: number;
  username: string;
  role: Role;
  facilityCode: string | null;
  districtCode: string;
}

export const SESSION_HOURS = 12;

/** Whether a username is taken, in any district (usernames are unique across the database). */
export async function usernameTaken(db: Sql, username: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM app_user WHERE username = $1', [username])).length > 0;
}

/** argon2id, before the transaction that stores it (hashing takes a while; the transaction should not). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Writes a user whose input add-user.ts checked. */
export async function insertUser(
  db: Sql,
  input: { username: string; passwordHash: string; role: Role; facilityCode: string | null; districtCode: string },
): Promise<User> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO app_user (username, password_hash, role, facility_code, district_code)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [input.username, input.passwordHash, input.role, input.facilityCode, input.districtCode],
  );
  return { id: row.id, username: input.username, role: input.role, facilityCode: input.facilityCode, districtCode: input.districtCode };
}

const USER_COLUMNS = `id, username, role, facility_code AS "facilityCode", district_code AS "districtCode"`;

// A hash to verify against when the user does not exist, so a wrong username costs as long as a wrong password.
const dummyHash = hash('not-a-real-password');

export async function verifyLogin(db: Sql, username: string, password: string): Promise<User | null> {
  const [row] = await db.query<User & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM app_user WHERE username = $1`,
    [username.trim().toLowerCase()],
  );
  const ok = await verify(row?.password_hash ?? (await dummyHash), password);
  if (!row || !ok) return null;
  const { password_hash: _ignored, ...user } = row;
  return user;
}

export async function listUsers(db: Sql, districtCode: string) {
  return db.query(
    `SELECT ${USER_COLUMNS}, created_at AS "createdAt" FROM app_user WHERE district_code = $1 ORDER BY username`,
    [districtCode],
  );
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Sql, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '${SESSION_HOURS} hours')`,
    [tokenHash(token), userId],
  );
  return token;
}

export async function userForSession(db: Sql, token: string): Promise<User | null> {
  const [row] = await db.query<User & Record<string, unknown>>(
    `SELECT u.id, u.username, u.role, u.facility_code AS "facilityCode", u.district_code AS "districtCode"
     FROM user_session s JOIN app_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash(token)],
  );
  return row ?? null;
}

export async function endSession(db: Sql, token: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash(token)]);
}
