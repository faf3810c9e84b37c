/**
 * The checks made at this desk in this session, NIK masked. Kept in the query cache, so logging out
 * (or in as someone else) forgets them with everything else the user loaded.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { EligibilityAnswer } from '../../lib/api.ts';
import { maskNik } from '../../lib/nik-input.ts';

export interface RecentCheck {
  /** When the answer arrived (ISO). */
  at: string;
  nikMasked: string;
  served: boolean;
  basis: EligibilityAnswer['basis'];
  membership: EligibilityAnswer['membership'];
  caseId: string | null;
}

const KEY = ['counter', 'recent'] as const;
const KEEP = 20;

export function useRecentChecks(): { items: RecentCheck[]; add: (answer: EligibilityAnswer, at: Date) => void } {
  const client = useQueryClient();
  const query = useQuery({ queryKey: KEY, queryFn: () => [] as RecentCheck[], staleTime: Infinity, gcTime: Infinity });
  const add = useCallback(
    (answer: EligibilityAnswer, at: Date) => {
      const entry: RecentCheck = {
        at: at.toISOString(),
        nikMasked: maskNik(answer.nik),
        served: answer.served,
        basis: answer.basis,
        membership: answer.membership,
        caseId: answer.caseId,
      };
      client.setQueryData<RecentCheck[]>(KEY, (items = []) => [entry, ...items].slice(0, KEEP));
    },
    [client],
  );
  return { items: query.data ?? [], add };
}
