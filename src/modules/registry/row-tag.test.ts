import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INACTIVE_REASONS, MEMBERSHIP_STATUSES, RESIDENT_STATUSES, SEGMENTS } from '../../domain/membership.ts';
import { MAX_TAG } from './nik-tally.ts';
import { RowTag } from './row-tag.ts';

const member = new RowTag([
  { name: 'segmen', values: SEGMENTS },
  { name: 'status', values: MEMBERSHIP_STATUSES },
  { name: 'alasan_nonaktif', values: INACTIVE_REASONS },
]);

/** The fields of `values` written in one line, as the loader passes them: one buffer, a range each. */
function asBytes(values: (string | null)[]) {
  const line = Buffer.from(values.map((v) => v ?? '').join(','), 'latin1');
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const v of values) {
    starts.push(at);
    ends.push(at + (v ?? '').length);
    at += (v ?? '').length + 1;
  }
  return { bytes: values.map(() => line), starts, ends };
}

test('every combination of member values has its own tag, the same from values and from bytes, and decodes back', () => {
  const seen = new Set<number>();
  for (const segmen of SEGMENTS) {
    for (const status of MEMBERSHIP_STATUSES) {
      for (const reason of [null, ...INACTIVE_REASONS]) {
        const values = [segmen, status, reason];
        const tag = member.ofValues(values);
        const { bytes, starts, ends } = asBytes(values);
        assert.equal(member.ofBytes(bytes, starts, ends), tag);
        assert.deepEqual(member.decode(tag), values);
        assert.ok(tag >= 1 && tag < member.size);
        seen.add(tag);
      }
    }
  }
  assert.equal(seen.size, SEGMENTS.length * MEMBERSHIP_STATUSES.length * (INACTIVE_REASONS.length + 1));
});

test('a long list of values (a district’s desa) is looked up as well as a short one', () => {
  const desa = Array.from({ length: 400 }, (_, i) => `52.03.${String(1 + (i % 21)).padStart(2, '0')}.${2001 + i}`).sort();
  const resident = new RowTag([
    { name: 'kode_desa', values: desa },
    { name: 'status', values: RESIDENT_STATUSES },
  ]);
  for (const code of [desa[0], desa[199], desa[399]]) {
    for (const status of RESIDENT_STATUSES) {
      const { bytes, starts, ends } = asBytes([code, status]);
      const tag = resident.ofBytes(bytes, starts, ends);
      assert.equal(tag, resident.ofValues([code, status]));
      assert.deepEqual(resident.decode(tag), [code, status]);
    }
  }
  const { bytes, starts, ends } = asBytes(['52.03.99.9999', 'HIDUP']);
  assert.throws(() => resident.ofBytes(bytes, starts, ends), /not allowed/);
});

test('a value outside the list, a tag out of range, and too many combinations are refused', () => {
  assert.throws(() => member.ofValues(['PBI_APBN', 'AKTIF', 'LUPA']), /alasan_nonaktif: LUPA is not an allowed value/);
  assert.throws(() => member.decode(0), /not a tag/);
  assert.throws(() => member.decode(member.size), /not a tag/);
  const many = Array.from({ length: 200 }, (_, i) => `v${i}`);
  assert.throws(() => new RowTag([{ name: 'a', values: many }, { name: 'b', values: many }]), new RegExp(`a tag holds ${MAX_TAG}`));
});
