import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NikTally } from './nik-tally.ts';

const bytesOf = (nik: string) => Buffer.from(`x,${nik},y`);

test('a NIK added twice or more is a duplicate, once, in NIK order', () => {
  const tally = new NikTally();
  for (const nik of ['5203015409900001', '1101010101000001', '5203015409900001', '9671127112990009', '1101010101000001', '1101010101000001']) {
    tally.add(nik);
  }
  assert.deepEqual(tally.duplicates(), ['1101010101000001', '5203015409900001']);
});

test('bytes and text give the same key, exactly, across the whole range of valid NIKs', () => {
  // The extremes of the encoding (province 11, province 96 with a woman's day 71) and neighbours that
  // differ only in the last digit, which a float64 would merge if the key were not exact.
  const niks = ['1100000101000001', '9699997112999999', '9699997112999998', '5203010101900001', '5203010101900002'];
  for (const nik of niks) {
    const tally = new NikTally();
    tally.addBytes(bytesOf(nik), 2);
    tally.add(nik);
    assert.deepEqual(tally.duplicates(), [nik]);
  }
  const distinct = new NikTally();
  for (const nik of niks) distinct.addBytes(bytesOf(nik), 2);
  assert.deepEqual(distinct.duplicates(), []);
});

test('no duplicates among many distinct NIKs, and the one repeated among them is found', () => {
  const tally = new NikTally();
  for (let i = 0; i < 200_000; i++) tally.add(`520301010190${String((i % 9_999) + 1).padStart(4, '0')}`);
  // 200,000 NIKs over 9,999 serials: every serial repeats.
  assert.equal(tally.duplicates().length, 9_999);
  const distinct = new NikTally();
  for (let i = 1; i <= 9_999; i++) distinct.add(`520301010190${String(i).padStart(4, '0')}`);
  distinct.add('5203010101900777');
  assert.deepEqual(distinct.duplicates(), ['5203010101900777']);
});

test('past its limit the tally overflows and refuses to answer rather than miss a duplicate', () => {
  const tally = new NikTally(3);
  for (const nik of ['5203010101900001', '5203010101900002', '5203010101900003']) tally.add(nik);
  assert.equal(tally.overflowed, false);
  tally.add('5203010101900001');
  assert.equal(tally.overflowed, true);
  assert.throws(() => tally.duplicates(), /overflowed/);
});
