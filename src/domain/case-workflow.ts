/** The minimal case workflow: open → in progress → done or rejected. Pure. */

export const CASE_STATUSES = ['open', 'in_progress', 'done', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['in_progress', 'rejected'],
  in_progress: ['done', 'rejected'],
  done: [],
  rejected: [],
};

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT[from].includes(to);
}

/** Still on someone's worklist. */
export function isOpen(status: CaseStatus): boolean {
  return NEXT[status].length > 0;
}
