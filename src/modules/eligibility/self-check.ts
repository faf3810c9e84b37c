/**
 * The resident self-check: NIK and family card number (Nomor KK) → one's own status and next step,
 * nothing else. The second factor is the KK, not the date of birth: the NIK itself encodes that (digits
 * 7–12), so anyone who knows a NIK would have both. It must not tell a stranger whether a NIK exists: a
 * wrong pair, an unknown NIK and a malformed NIK or KK all get the same answer, every answer has the same
 * shape, and the route makes every answer take the same time. No case is opened from here (a resident
 * may only be curious); the advice says where to go.
 */
import { type CaseRoute, decideEligibility, type MembershipAnswer, RESIDENT_ADVICE } from '../../domain/eligibility.ts';
import type { InactiveReason } from '../../domain/membership.ts';
import { parseNik } from '../../domain/nik.ts';
import type { EligibilityService } from './eligibility-service.ts';
import { familyCardKey } from './mirror-columns.ts';

/** Every self-check answer leaves after at least this long. */
export const SELF_CHECK_FLOOR_MS = 150;

export interface SelfCheckAnswer {
  matched: boolean;
  membership: MembershipAnswer | null;
  reason: InactiveReason | null;
  /** Whether a facility serves the resident today (JKN or the district guarantee). */
  served: boolean | null;
  route: CaseRoute | null;
  advice: string | null;
  asOf: string | null;
}

const NOT_MATCHED: SelfCheckAnswer = {
  matched: false,
  membership: null,
  reason: null,
  served: null,
  route: null,
  advice: null,
  asOf: null,
};

export async function selfCheck(
  eligibility: EligibilityService,
  input: { nik: string; noKk: string },
  ip: string | null,
): Promise<SelfCheckAnswer> {
  const nik = input.nik.trim();
  const valid = parseNik(nik).ok;
  // The lookup runs for a malformed NIK too (on a stand-in), so all paths do the same work.
  const facts = await eligibility.mirrorFacts(valid ? nik : '0000000000000000');
  const familyCard = familyCardKey(input.noKk.trim());
  const matched = valid && facts.resident !== null && familyCard !== null && facts.familyCardKey === familyCard;
  const decision = decideEligibility(facts, eligibility.policy, new Date());
  eligibility.audit.add({
    districtCode: eligibility.districtCode,
    action: 'eligibility.self-check',
    subject: valid ? nik : null,
    detail: { channel: 'self-check', matched, membership: matched ? decision.membership : null },
    ip,
  });
  if (!matched) return NOT_MATCHED;
  const route = decision.case?.route ?? null;
  return {
    matched: true,
    membership: decision.membership,
    reason: decision.reason,
    served: decision.served,
    route,
    advice: RESIDENT_ADVICE[route ?? 'AKTIF'],
    asOf: facts.asOf,
  };
}
