/** Case numbers and SLA lights as every page shows them. */
import { slaState, type SlaState } from '../../../src/domain/eligibility.ts';

export type { SlaState };
export { canMove } from '../../../src/domain/case-workflow.ts';

/** The short number people read out and write down: the first 8 characters of the case id. */
export function caseNumber(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

/** Green, amber (last quarter of the window) or red (due time reached), from the domain rule. */
export function caseSla(item: { openedAt: string; dueAt: string }, now: Date): SlaState {
  return slaState({ openedAt: new Date(item.openedAt), dueAt: new Date(item.dueAt) }, now);
}
