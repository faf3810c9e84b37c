/**
 * The projection of a funding plan (formats.md, "Plan JSON"): the coverage cells as if every assigned
 * person became active. An unregistered person becomes registered too; the segment they are counted in
 * afterwards follows the route: `PBPU_PEMDA` → `PBI_APBD` (so it counts in pemdaShare), `USULAN_PBI` →
 * `PBI_APBN`, `PEMBERI_KERJA` → their segment or `PPU_BU`, the others keep their segment (`PBPU` when
 * unregistered). Pure: no I/O.
 */
import type { CoverageCell } from '../coverage.ts';
import type { Segment } from '../membership.ts';
import type { Candidate } from './candidates.ts';
import type { Route } from './programmes.ts';

export function segmentAfter(route: Route, segment: Segment | null): Segment {
  switch (route) {
    case 'PBPU_PEMDA':
      return 'PBI_APBD';
    case 'USULAN_PBI':
      return 'PBI_APBN';
    case 'PEMBERI_KERJA':
      return segment ?? 'PPU_BU';
    default:
      return segment ?? 'PBPU';
  }
}

const keyOf = (c: Pick<CoverageCell, 'desaCode' | 'segment' | 'status' | 'reason'>) => `${c.desaCode}|${c.segment}|${c.status}|${c.reason}`;

/**
 * The cells after the moves: each moved person leaves the cell of their current state (NONAKTIF with
 * its reason, or unregistered) for an AKTIF cell of `segmentAfter`. A person whose cell is empty (the
 * snapshot and the batches disagree) is not counted twice: the move is left out.
 */
export function projectCells(cells: readonly CoverageCell[], moves: readonly { candidate: Candidate; route: Route }[]): CoverageCell[] {
  const byKey = new Map<string, CoverageCell>();
  for (const cell of cells) {
    const key = keyOf(cell);
    const found = byKey.get(key);
    if (found) found.residents += cell.residents;
    else byKey.set(key, { ...cell });
  }
  for (const { candidate, route } of moves) {
    const from = byKey.get(
      keyOf({
        desaCode: candidate.desa,
        segment: candidate.segment,
        status: candidate.membership === 'NONAKTIF' ? 'NONAKTIF' : null,
        reason: candidate.membership === 'NONAKTIF' ? candidate.reason : null,
      }),
    );
    if (!from || from.residents <= 0) continue;
    from.residents--;
    const target = { desaCode: candidate.desa, segment: segmentAfter(route, candidate.segment), status: 'AKTIF' as const, reason: null };
    const key = keyOf(target);
    const to = byKey.get(key);
    if (to) to.residents++;
    else byKey.set(key, { ...target, residents: 1 });
  }
  return [...byKey.values()].filter((c) => c.residents > 0);
}
