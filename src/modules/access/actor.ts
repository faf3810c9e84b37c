/** Who makes a change: a logged-in user (web), the operator at the command line, or the demo builder. */
import { type Action, can } from './route-access.ts';
import type { Role } from './roles.ts';

export interface Actor {
  userId: number | null;
  username: string;
  /** null at the command line: whoever runs it holds the database itself. */
  role: Role | null;
  ip: string | null;
  via: 'web' | 'cli' | 'demo';
}

/** A change the actor's role may not make (the route already refused it; a use case checks again). */
export class ForbiddenError extends Error {
  /** The server's error handler answers with it. */
  readonly statusCode = 403;
}

/** Throws ForbiddenError unless the actor's role may do this (the command line may do anything). */
export function authorise(actor: Actor, action: Action): void {
  if (actor.role !== null && !can(actor.role, action)) throw new ForbiddenError(`Role ${actor.role} may not do this (${action})`);
}
