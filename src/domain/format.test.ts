import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateId, formatDateTimeId, formatNumberId, formatPercentId, isoDateIn } from './format.ts';

const WITA = 'Asia/Makassar';

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
    assert.equal(formatDateId('2025-05-31', WITA), '31 Mei 2025');
    assert.equal(formatDateId('2026-01-01', 'Asia/Jayapura'), '1 Januari 2026');
    assert.throws(() => formatDateId('2025-02-30', WITA), RangeError);
    assert.throws(() => formatDateId('31-05-2025', WITA), RangeError);
  });

  it('shows instants in the district zone: Lombok (WITA, UTC+8)', () => {
    const lateUtc = new Date('2025-05-31T20:30:00Z');
    assert.equal(formatDateId(lateUtc, WITA), '1 Juni 2025');
    assert.equal(formatDateTimeId(lateUtc, WITA), '1 Juni 2025 pukul 04.30 WITA');
    assert.equal(isoDateIn(lateUtc, WITA), '2025-06-01');
  });

  it('gives another zone its own calendar day: 16.30 UTC is still the same day in WIB, the next in WIT', () => {
    const at = new Date('2025-05-31T16:30:00Z');
    assert.equal(isoDateIn(at, 'Asia/Jakarta'), '2025-05-31'); // 23.30 WIB
    assert.equal(isoDateIn(at, 'Asia/Jayapura'), '2025-06-01'); // 01.30 WIT
    assert.equal(formatDateTimeId(at, 'Asia/Jakarta'), '31 Mei 2025 pukul 23.30 WIB');
  });
});
