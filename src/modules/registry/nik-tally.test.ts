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

test('duplicates give back each NIK exactly, in NIK order, at the ends of every packed field', () => {
  // Province 11 and 96, day 01 and 71, month 01 and 12, serial 0001 and 9999.
  const niks = ['9699997112999999', '1101010101000001', '5203014112909999', '1199993101990001', '5203010101900002'];
  const tally = new NikTally();
  for (const nik of [...niks, ...niks]) tally.add(nik);
  assert.deepEqual(tally.duplicates(), [...niks].sort());
});

test('a NIK outside the packed ranges is refused, not mixed up with another', () => {
  const tally = new NikTally();
  assert.throws(() => tally.add('9701010101900001'), /not a valid NIK/); // province 97
  assert.throws(() => tally.add('5203017201900001'), /not a valid NIK/); // day 72
  assert.throws(() => tally.add('5203010113900001'), /not a valid NIK/); // month 13
  assert.throws(() => tally.add('5203010100900001'), /not a valid NIK/); // month 00
});
