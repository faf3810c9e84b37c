/** Users with argon2id-hashed passwords, and their sessions (only a hash of the token is stored). */
import { hash as digest, randomBytes } from 'node:crypto';
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

/**
 * What is stored of a session token, and what the session cache is keyed by: a SHA-256 of it (a quarter
 * of a microsecond with the one-shot `hash`, on every request).
 */
export function tokenHash(token: string): string {
  return digest('sha256', token, 'hex');
}

/** A new session for the user, from `ip`; returns the token (the cookie's value), which is not stored. */
export async function createSession(db: Sql, userId: number, ip: string | null = null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO user_session (token_hash, user_id, ip, expires_at) VALUES ($1, $2, $3, now() + interval '${SESSION_HOURS} hours')`,
    [tokenHash(token), userId, ip],
  );
  return token;
}

/** The user of a live session, by the hash of its token. */
export async function userForSessionHash(db: Sql, hash: string): Promise<User | null> {
  const [row] = await db.query<User & Record<string, unknown>>(
    `SELECT u.id, u.username, u.role, u.facility_code AS "facilityCode", u.district_code AS "districtCode"
     FROM user_session s JOIN app_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hash],
  );
  return row ?? null;
}

export async function endSession(db: Sql, token: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash(token)]);
}

export interface SessionInfo {
  id: number;
  createdAt: string;
  expiresAt: string;
  ip: string | null;
}

/** A user's live sessions, newest first (the token is never shown, not even its hash). */
export async function listSessions(db: Sql, userId: number): Promise<SessionInfo[]> {
  return db.query<SessionInfo>(
    `SELECT id, created_at AS "createdAt", expires_at AS "expiresAt", ip FROM user_session
     WHERE user_id = $1 AND expires_at > now() ORDER BY created_at DESC, id DESC`,
    [userId],
  );
}

/** A user of the district by id, or null. */
export async function findUser(db: Sql, districtCode: string, userId: number): Promise<User | null> {
  const [row] = await db.query<User>(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1 AND district_code = $2`, [userId, districtCode]);
  return row ?? null;
}
