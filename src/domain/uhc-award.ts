/**
 * UHC Award category (2026 criteria, formats.md "Metric definitions", docs/rules.md §4) and the least
 * number of activations that lifts a district to a higher category. Every threshold is compared in
 * integers, because a rounded float can put a district on the wrong side of 98 % by one resident.
 */

export type UhcCategory = 'UTAMA' | 'MADYA' | 'PRATAMA' | 'NONE';

/** `pemda` = residents in segment PBI_APBD (registered and paid by the district). */
export interface UhcCounts {
  population: number;
  registered: number;
  active: number;
  pemda: number;
}

export interface UhcAwardStatus {
  category: UhcCategory;
  /** The category directly above the current one; null at UTAMA. */
  next: UhcCategory | null;
  /** Activations needed to reach `next`; null at UTAMA or when activations alone cannot reach it. */
  activationsNeeded: number | null;
}

/** One way to meet a category: minimum percentages of the population (integers). */
interface Route {
  coverage: number;
  activeRate: number;
  pemdaShare: number;
}

/**
 * A category is met when any of its routes is met. Utama's second route is the pemda-share waiver at
 * activeRate = 100 %; Madya's second route is the 25 % pemda share with activeRate 80 %.
 */
const ROUTES: Record<Exclude<UhcCategory, 'NONE'>, Route[]> = {
  UTAMA: [
    { coverage: 99, activeRate: 95, pemdaShare: 18 },
    { coverage: 99, activeRate: 100, pemdaShare: 0 },
  ],
  MADYA: [
    { coverage: 98, activeRate: 85, pemdaShare: 0 },
    { coverage: 98, activeRate: 80, pemdaShare: 25 },
  ],
  PRATAMA: [{ coverage: 98, activeRate: 80, pemdaShare: 0 }],
};

/** Lowest to highest; each category's criteria imply those of the ones below it. */
const LADDER: UhcCategory[] = ['NONE', 'PRATAMA', 'MADYA', 'UTAMA'];
const AWARDED_HIGHEST_FIRST = ['UTAMA', 'MADYA', 'PRATAMA'] as const;

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function assertCounts(c: UhcCounts): void {
  const { population, registered, active, pemda } = c;
  if (!(isCount(population) && isCount(registered) && isCount(active) && isCount(pemda))) {
    throw new RangeError(`UHC counts must be non-negative integers: ${JSON.stringify(c)}`);
  }
  // Pemda residents are members, so they are part of `registered`.
  if (registered > population || active > registered || pemda > registered) {
    throw new RangeError(`UHC counts need active, pemda ≤ registered ≤ population: ${JSON.stringify(c)}`);
  }
}

/** ceil(numerator / denominator) for non-negative integers, without a float quotient. */
function ceilDiv(numerator: number, denominator: number): number {
  const rest = numerator % denominator;
  const floor = (numerator - rest) / denominator;
  return rest === 0 ? floor : floor + 1;
}

function pemdaShareMet(c: UhcCounts, route: Route): boolean {
  return c.pemda * 100 >= route.pemdaShare * c.population;
}

function routeMet(c: UhcCounts, route: Route): boolean {
  return (
    c.registered * 100 >= route.coverage * c.population &&
    c.active * 100 >= route.activeRate * c.population &&
    pemdaShareMet(c, route)
  );
}

export function uhcCategory(c: UhcCounts): UhcCategory {
  assertCounts(c);
  if (c.population === 0) return 'NONE';
  for (const category of AWARDED_HIGHEST_FIRST) {
    if (ROUTES[category].some((route) => routeMet(c, route))) return category;
  }
  return 'NONE';
}

/**
 * The least number of inactive or unregistered residents who must become active to meet `target`;
 * 0 when it is already met, null when activations cannot reach it (an empty population).
 *
 * Activating k residents raises `active` by k; taking the unregistered first also raises `registered`
 * by min(k, unregistered), which dominates any other choice. So a route needs
 * k = max(0, ⌈coverage·P/100⌉ − registered, ⌈activeRate·P/100⌉ − active); both terms are at most
 * population − active, so every route whose pemda share holds is reachable. pemdaShare cannot change.
 */
export function activationsNeeded(c: UhcCounts, target: UhcCategory): number | null {
  assertCounts(c);
  if (target === 'NONE') return 0;
  if (c.population === 0) return null;
  const needs = ROUTES[target]
    .filter((route) => pemdaShareMet(c, route))
    .map((route) =>
      Math.max(
        0,
        ceilDiv(route.coverage * c.population, 100) - c.registered,
        ceilDiv(route.activeRate * c.population, 100) - c.active,
      ),
    );
  return needs.length > 0 ? Math.min(...needs) : null;
}

export function uhcAwardStatus(c: UhcCounts): UhcAwardStatus {
  const category = uhcCategory(c);
  const next = LADDER[LADDER.indexOf(category) + 1] ?? null;
  return { category, next, activationsNeeded: next === null ? null : activationsNeeded(c, next) };
}
