import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateId, formatDateTimeId, formatNumberId, formatPercentId, isoDateInDistrict } from './format.ts';

describe('id-ID formatting', () => {
  it('groups thousands with dots', () => {
    assert.equal(formatNumberId(1_457_591), '1.457.591');
    assert.equal(formatNumberId(0), '0');
  });

  it('writes a fraction as a percentage with a decimal comma', () => {
    assert.equal(formatPercentId(1_425_764 / 1_457_591), '97,82 %');
    assert.equal(formatPercentId(0.8), '80,00 %');
    assert.equal(formatPercentId(1), '100,00 %');
  });

  it('writes a calendar date with the Indonesian month name', () => {
    assert.equal(formatDateId('2025-05-31'), '31 Mei 2025');
    assert.equal(formatDateId('2026-01-01'), '1 Januari 2026');
    assert.throws(() => formatDateId('2025-02-30'), RangeError);
    assert.throws(() => formatDateId('31-05-2025'), RangeError);
  });

  it('shows instants in Lombok time (WITA, UTC+8)', () => {
    const lateUtc = new Date('2025-05-31T20:30:00Z');
    assert.equal(formatDateId(lateUtc), '1 Juni 2025');
    assert.equal(formatDateTimeId(lateUtc), '1 Juni 2025 pukul 04.30 WITA');
    assert.equal(isoDateInDistrict(lateUtc), '2025-06-01');
  });
});
