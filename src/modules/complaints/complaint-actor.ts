/** Who acts on a complaint, and the errors the routes turn into answers. */
import { type ComplaintActor, ComplaintTransitionError } from '../../domain/quality/complaints.ts';
import type { Actor } from '../access/index.ts';
import type { ComplaintRow } from './complaint-repository.ts';

/** A logged-in user acting on complaints: a faskes user's facility narrows what it sees (scope `facility`). */
export interface StaffActor extends Actor {
  facilityCode: string | null;
}

export class ComplaintNotFoundError extends Error {
  readonly statusCode = 404;
}
/** The complaint is not in a state that allows this (409). */
export class ComplaintConflictError extends Error {
  readonly statusCode = 409;
}
/** Bad input: the message names the field and the reason (400). */
export class ComplaintInputError extends Error {
  readonly statusCode = 400;
}

export { ComplaintTransitionError };

/** Complaint officers: admin and dinkes (and the command line). */
export function isOfficer(actor: Actor): boolean {
  return actor.role === null || actor.role === 'admin' || actor.role === 'dinkes';
}

/**
 * The state machine's actor for a staff member on this complaint: an officer, or the assignee (a
 * faskes user whose facility it is assigned to). Anyone else is told there is no such complaint.
 */
export function staffActorOn(actor: StaffActor, complaint: ComplaintRow | null): ComplaintActor {
  if (complaint && isOfficer(actor)) return 'officer';
  if (complaint && actor.role === 'faskes' && actor.facilityCode !== null && complaint.assignedFacility === actor.facilityCode) return 'assignee';
  throw new ComplaintNotFoundError('No such complaint');
}

/** The audit record's who for a staff member. */
export function auditWho(actor: Actor) {
  return { userId: actor.userId, username: actor.username, ip: actor.ip };
}
