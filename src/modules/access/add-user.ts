/**
 * Use case: add a user (the administrator on the web, the operator at the command line, the demo's
 * logins). Checks the input → authorises → guards the state (a free username) → writes the user and its
 * `user.add` audit record in one transaction.
 */
import type { Database } from '../../db/client.ts';
import { passwordProblem } from '../../domain/password.ts';
import { type Actor, authorise } from './actor.ts';
import { recordAudit } from './audit.ts';
import type { Role } from './roles.ts';
import { hashPassword, insertUser, type User, usernameTaken } from './users.ts';

export class UserInputError extends Error {}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  facilityCode?: string | null;
  districtCode: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** The input as it is stored, or a UserInputError naming the field and the reason. */
export function checkNewUser(input: NewUser): NewUser & { facilityCode: string | null } {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new UserInputError('username: 2–63 characters of a–z, 0–9, dot, dash or underscore, starting with a letter or digit');
  }
  const weak = passwordProblem(input.password, username);
  if (weak) throw new UserInputError(weak);
  if (input.role === 'faskes' && !input.facilityCode) {
    throw new UserInputError('facility: a faskes user must be scoped to a facility code (--facility)');
  }
  return { ...input, username, facilityCode: input.facilityCode || null };
}

export async function addUser(db: Database, input: NewUser, actor: Actor): Promise<User> {
  const user = checkNewUser(input);
  authorise(actor, 'POST /api/v1/users');
  const passwordHash = await hashPassword(user.password);
  return db.transaction(async (tx) => {
    if (await usernameTaken(tx, user.username)) throw new UserInputError(`username: "${user.username}" already exists`);
    const added = await insertUser(tx, { ...user, passwordHash });
    await recordAudit(tx, {
      districtCode: user.districtCode,
      userId: actor.userId,
      username: actor.username,
      action: 'user.add',
      subject: added.username,
      detail: { role: added.role, facilityCode: added.facilityCode, via: actor.via },
      ip: actor.ip,
    });
    return added;
  });
}
