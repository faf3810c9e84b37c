import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activationsNeeded, uhcAwardStatus, uhcCategory, type UhcCategory, type UhcCounts } from './uhc-award.ts';

const LOMBOK_TIMUR_POPULATION = 1_457_591;
// ⌈0.98 × 1,457,591⌉ = 1,428,440 (0.98 × P = 1,428,439.18); ⌈0.80 × P⌉ = 1,166,073 (0.80 × P = 1,166,072.8).
const AT_98 = 1_428_440;
const AT_80 = 1_166_073;

function counts(population: number, registered: number, active: number, pemda = 0): UhcCounts {
  return { population, registered, active, pemda };
}

/** Lowest to highest: reaching a category also reaches every one before it. */
const ALL: UhcCategory[] = ['NONE', 'PRATAMA', 'MADYA', 'UTAMA'];

/**
 * Tries every split of activations between inactive and unregistered residents and keeps, per
 * category, the fewest activations that reach it (or a higher one).
 */
function bruteForceActivations(c: UhcCounts): Record<UhcCategory, number | null> {
  const fewest: (number | null)[] = ALL.map(() => null);
  for (let fromInactive = 0; fromInactive <= c.registered - c.active; fromInactive++) {
    for (let fromUnregistered = 0; fromUnregistered <= c.population - c.registered; fromUnregistered++) {
      const k = fromInactive + fromUnregistered;
      const after = counts(c.population, c.registered + fromUnregistered, c.active + k, c.pemda);
      for (let rank = ALL.indexOf(uhcCategory(after)); rank >= 0; rank--) {
        const known = fewest[rank];
        if (known === null || k < known) fewest[rank] = k;
      }
    }
  }
  return { NONE: fewest[0], PRATAMA: fewest[1], MADYA: fewest[2], UTAMA: fewest[3] };
}

/**
 * Every pemda count up to population 40; above that only the counts around the 18 % and 25 % share
 * thresholds (the only places pemda enters the rules), to keep the search to a few seconds.
 */
function pemdaValues(population: number, registered: number): number[] {
  const all = Array.from({ length: registered + 1 }, (_, pemda) => pemda);
  if (population <= 40) return all;
  const edges = [18, 25].flatMap((share) => {
    const least = Math.ceil((share * population) / 100);
    return [least - 1, least];
  });
  return all.filter((pemda) => pemda === 0 || pemda === registered || edges.includes(pemda));
}

describe('uhcCategory', () => {
  it('is NONE for an empty population', () => {
    assert.equal(uhcCategory(counts(0, 0, 0)), 'NONE');
  });

  it('puts Pratama exactly at 98 % coverage and 80 % active, and not one resident below either', () => {
    const P = LOMBOK_TIMUR_POPULATION;
    assert.equal(uhcCategory(counts(P, AT_98, AT_80)), 'PRATAMA');
    assert.equal(uhcCategory(counts(P, AT_98 - 1, AT_80)), 'NONE');
    assert.equal(uhcCategory(counts(P, AT_98, AT_80 - 1)), 'NONE');
  });

  it('compares exactly where a rounded float would not: 97.99996 % is below 98 %', () => {
    // 4,899,998 / 5,000,000 = 0.9799996, which rounds to 98.00 %.
    assert.equal(uhcCategory(counts(5_000_000, 4_899_998, 4_500_000)), 'NONE');
    assert.equal(uhcCategory(counts(5_000_000, 4_900_000, 4_500_000)), 'MADYA');
  });

  it('gives Madya at 85 % active, or at 80 % with a pemda share of at least 25 %', () => {
    assert.equal(uhcCategory(counts(1000, 980, 850)), 'MADYA');
    assert.equal(uhcCategory(counts(1000, 980, 849)), 'PRATAMA');
    assert.equal(uhcCategory(counts(1000, 980, 800, 250)), 'MADYA');
    assert.equal(uhcCategory(counts(1000, 980, 800, 249)), 'PRATAMA');
    assert.equal(uhcCategory(counts(1000, 980, 799, 250)), 'NONE');
  });

  it('gives Utama at 99 % coverage, 95 % active and an 18 % pemda share', () => {
    assert.equal(uhcCategory(counts(1000, 990, 950, 180)), 'UTAMA');
    assert.equal(uhcCategory(counts(1000, 989, 950, 180)), 'MADYA');
    assert.equal(uhcCategory(counts(1000, 990, 949, 180)), 'MADYA');
    assert.equal(uhcCategory(counts(1000, 990, 950, 179)), 'MADYA');
  });

  it('waives the pemda share only when every resident is active', () => {
    assert.equal(uhcCategory(counts(1000, 1000, 1000, 0)), 'UTAMA');
    assert.equal(uhcCategory(counts(1000, 1000, 999, 0)), 'MADYA');
  });

  it('rejects impossible counts', () => {
    assert.throws(() => uhcCategory(counts(10, 11, 0)), RangeError);
    assert.throws(() => uhcCategory(counts(10, 5, 6)), RangeError);
    assert.throws(() => uhcCategory(counts(10, 5, 5, 6)), RangeError);
    assert.throws(() => uhcCategory(counts(10, 5.5, 5)), RangeError);
    assert.throws(() => uhcCategory(counts(-1, 0, 0)), RangeError);
  });
});

describe('activationsNeeded', () => {
  it('matches a brute-force search for every count combination up to population 60', () => {
    for (let population = 0; population <= 60; population++) {
      for (let registered = 0; registered <= population; registered++) {
        for (let active = 0; active <= registered; active++) {
          for (const pemda of pemdaValues(population, registered)) {
            const c = counts(population, registered, active, pemda);
            const expected = bruteForceActivations(c);
            for (const target of ALL) {
              assert.equal(activationsNeeded(c, target), expected[target], `${JSON.stringify(c)} → ${target}`);
            }
          }
        }
      }
    }
  });

  it('is 0 for a category already met, and for NONE', () => {
    assert.equal(activationsNeeded(counts(1000, 980, 850), 'PRATAMA'), 0);
    assert.equal(activationsNeeded(counts(1000, 980, 850), 'MADYA'), 0);
    assert.equal(activationsNeeded(counts(0, 0, 0), 'NONE'), 0);
    assert.equal(activationsNeeded(counts(1000, 0, 0), 'NONE'), 0);
  });

  it('is null when there is nobody to activate', () => {
    assert.equal(activationsNeeded(counts(0, 0, 0), 'PRATAMA'), null);
  });

  it('counts one activation for a district one resident short of 98 % coverage or of 80 % active', () => {
    const P = LOMBOK_TIMUR_POPULATION;
    assert.equal(activationsNeeded(counts(P, AT_98 - 1, AT_80), 'PRATAMA'), 1);
    assert.equal(activationsNeeded(counts(P, AT_98, AT_80 - 1), 'PRATAMA'), 1);
  });

  it('lets registering an unregistered resident count for coverage and activity at once', () => {
    // Coverage needs 1 more registered member, activity needs 3 more active: 3 activations, one of them new.
    assert.equal(activationsNeeded(counts(100, 97, 77), 'PRATAMA'), 3);
  });

  it('needs everyone active for Utama when the pemda share is below 18 %', () => {
    assert.equal(activationsNeeded(counts(1000, 995, 960, 179), 'UTAMA'), 40);
    assert.equal(activationsNeeded(counts(1000, 995, 960, 180), 'UTAMA'), 0);
    assert.equal(activationsNeeded(counts(1000, 985, 900, 180), 'UTAMA'), 50);
  });

  it('uses the 80 % route to Madya when the pemda share is 25 %', () => {
    assert.equal(activationsNeeded(counts(1000, 980, 790, 250), 'MADYA'), 10);
    assert.equal(activationsNeeded(counts(1000, 980, 790, 249), 'MADYA'), 60);
  });
});

describe('uhcAwardStatus', () => {
  it('reports Lombok Timur in May 2025 (97.82 % registered, 75 % active) as NONE, needing Pratama', () => {
    const P = LOMBOK_TIMUR_POPULATION;
    const active = Math.round(0.75 * P); // 1,093,193
    const status = uhcAwardStatus(counts(P, 1_425_764, active));
    assert.equal(status.category, 'NONE');
    assert.equal(status.next, 'PRATAMA');
    // 80 % active needs 1,166,073 − 1,093,193 = 72,880 activations; 2,676 of them new registrations
    // also lift coverage from 1,425,764 to the 1,428,440 that 98 % needs.
    assert.equal(status.activationsNeeded, AT_80 - active);
    assert.equal(status.activationsNeeded, 72_880);
  });

  it('names the category above and what it takes', () => {
    assert.deepEqual(uhcAwardStatus(counts(1000, 980, 800)), { category: 'PRATAMA', next: 'MADYA', activationsNeeded: 50 });
    assert.deepEqual(uhcAwardStatus(counts(1000, 980, 800, 250)), { category: 'MADYA', next: 'UTAMA', activationsNeeded: 150 });
    assert.deepEqual(uhcAwardStatus(counts(1000, 980, 800, 200)), { category: 'PRATAMA', next: 'MADYA', activationsNeeded: 50 });
  });

  it('has no next category at Utama', () => {
    assert.deepEqual(uhcAwardStatus(counts(1000, 1000, 1000)), { category: 'UTAMA', next: null, activationsNeeded: null });
  });

  it('is NONE with a null activation count for an empty population', () => {
    assert.deepEqual(uhcAwardStatus(counts(0, 0, 0)), { category: 'NONE', next: 'PRATAMA', activationsNeeded: null });
  });
});
