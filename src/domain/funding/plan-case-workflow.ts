/**
 * The workflow of a funding case, one per person a saved plan assigns (issue 14): `proposed` →
 * `approved` → `sent` → `active`, or `rejected` (with a reason) or `expired`. `approved` is
 * maker-checker: never by the user who proposed the case. `active` is set when a later `peserta` import
 * shows the person AKTIF (a sent case only). Pure.
 */
export const FUNDING_CASE_STATUSES = ['proposed', 'approved', 'sent', 'active', 'rejected', 'expired'] as const;
export type FundingCaseStatus = (typeof FUNDING_CASE_STATUSES)[number];

/** The moves a user makes (`active` comes only from an import). */
const BY_USER: Record<FundingCaseStatus, readonly FundingCaseStatus[]> = {
  proposed: ['approved', 'rejected', 'expired'],
  approved: ['sent', 'rejected', 'expired'],
  sent: ['rejected', 'expired'],
  active: [],
  rejected: [],
  expired: [],
};

export type MoveRefusal = 'not_allowed' | 'own_proposal' | 'reason_required';

/** Why a user may not move a case, or null when they may. */
export function refuseMove(
  fundingCase: { status: FundingCaseStatus; proposedBy: string },
  to: FundingCaseStatus,
  by: string,
  reason: string | null,
): MoveRefusal | null {
  if (!BY_USER[fundingCase.status].includes(to)) return 'not_allowed';
  if (to === 'approved' && fundingCase.proposedBy === by) return 'own_proposal';
  if (to === 'rejected' && !reason?.trim()) return 'reason_required';
  return null;
}

/** Still being worked. */
export function isOpenFundingCase(status: FundingCaseStatus): boolean {
  return BY_USER[status].length > 0;
}
