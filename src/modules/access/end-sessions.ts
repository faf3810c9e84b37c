/**
 * An admin ends a user's sessions (one, or all of them): load → authorise → guard → one transaction
 * that deletes them and writes the audit record → the caller then forgets them in its session cache.
 */
import type { Database } from '../../db/client.ts';
import { recordAudit } from './audit.ts';
import { type Actor, authorise } from './actor.ts';
import { findUser } from './users.ts';

export class SessionNotFoundError extends Error {}

export interface EndSessionsInput {
  districtCode: string;
  actor: Actor;
  userId: number;
  /** One session; all of the user's when not given. */
  sessionId?: number;
}

/** Returns the token hashes of the sessions ended, for the session cache to forget. */
export async function endSessions(db: Database, input: EndSessionsInput): Promise<string[]> {
  const user = await findUser(db, input.districtCode, input.userId);
  authorise(input.actor, input.sessionId === undefined ? 'DELETE /api/v1/users/:id/sessions' : 'DELETE /api/v1/users/:id/sessions/:sessionId');
  if (!user) throw new SessionNotFoundError(`user: no user ${input.userId} in this district`);
  return db.transaction(async (tx) => {
    const params: unknown[] = [user.id];
    if (input.sessionId !== undefined) params.push(input.sessionId);
    const ended = await tx.query<{ id: number; token_hash: string }>(
      `DELETE FROM user_session WHERE user_id = $1 ${input.sessionId === undefined ? '' : 'AND id = $2'} RETURNING id, token_hash`,
      params,
    );
    if (input.sessionId !== undefined && ended.length === 0) {
      throw new SessionNotFoundError(`session: no session ${input.sessionId} of user ${user.username}`);
    }
    await recordAudit(tx, {
      districtCode: input.districtCode,
      userId: input.actor.userId,
      username: input.actor.username,
      action: 'user.sessions.end',
      subject: user.username,
      detail: { sessions: ended.map((s) => s.id) },
      ip: input.actor.ip,
    });
    return ended.map((s) => s.token_hash);
  });
}
